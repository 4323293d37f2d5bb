#!/usr/bin/env python3
"""Checks the documentation against the repository:
- every `scripts/dev <subcommand>` the README mentions is a subcommand scripts/dev has,
  and every `scripts/<file>` it mentions exists;
- every relative link in README.md and docs/*.md points at a file that exists, and an
  anchor (#…) at a heading of that file;
- no tracked file names the two source documents the project was written from, which
  live outside the repository.
Prints one JSON object {"problems": [...], "missingLinks": [...]}; exits 1 when there is
a problem. Missing link targets are reported apart: the caller decides which may be
pending (documents written on other branches)."""
import json, pathlib, re, subprocess, sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
problems, missing = [], []

# scripts/dev subcommands: the patterns of its `case "$cmd" in` block.
dev = (root / "scripts/dev").read_text()
subcommands = set()
for pattern in re.findall(r"^\s{2}([a-z|]+)\)", dev, re.M):
    subcommands.update(pattern.split("|"))
readme = (root / "README.md").read_text()
for command in re.findall(r"scripts/dev ([a-z|]+)", readme):
    for name in command.split("|"):
        if name not in subcommands:
            problems.append(f"README.md: scripts/dev {name} is not a subcommand of scripts/dev ({', '.join(sorted(subcommands))})")
for script in set(re.findall(r"\bscripts/([A-Za-z0-9_.-]+)", readme)):
    if not (root / "scripts" / script).exists():
        problems.append(f"README.md: scripts/{script} does not exist")


def slug(heading):
    """GitHub's anchor for a heading."""
    text = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or "", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path):
    return {slug(h) for h in re.findall(r"^#{1,6} (.+)$", path.read_text(), re.M)}


pages = [root / "README.md"] + sorted((root / "docs").glob("*.md"))
for page in pages:
    text = re.sub(r"```.*?```", "", page.read_text(), flags=re.S)
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"^[a-z]+:", target):
            continue
        path_part, _, fragment = target.partition("#")
        destination = (page.parent / path_part).resolve() if path_part else page
        name = str(page.relative_to(root))
        if not destination.exists():
            missing.append({"file": name, "target": target})
            continue
        if fragment and destination.suffix == ".md" and fragment not in anchors(destination):
            problems.append(f"{name}: link {target}: no heading #{fragment} in {destination.relative_to(root)}")

# The source documents' names, spelled so that this file does not contain them.
outside = ["CONTRACT" + ".md", "DOMAIN" + ".md", "../" + "shared"]
listing = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=root,
                         capture_output=True, text=True)
if listing.returncode == 0:
    files = listing.stdout.split("\n")
else:  # not a git checkout (a copy): every file but build output and local state
    files = [str(p.relative_to(root)) for p in root.rglob("*")
             if not {".git", ".build", ".local"} & set(p.relative_to(root).parts)]
for name in filter(None, files):
    path = root / name
    if not path.is_file():
        continue
    try:
        text = path.read_text()
    except UnicodeDecodeError:
        continue
    for word in outside:
        if word in text:
            problems.append(f"{name}: points at {word}, a document outside the repository")

print(json.dumps({"problems": problems, "missingLinks": missing}, ensure_ascii=False))
sys.exit(1 if problems else 0)
