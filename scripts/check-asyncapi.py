#!/usr/bin/env python3
"""Checks asyncapi/insurance-events.yaml: valid against the AsyncAPI 3.0.0 JSON Schema,
every reference resolves (inside the document, and into ../schemas/ files with their
JSON pointers), every operation's messages belong to its channel, every event type has
both content modes and its schema file in ../schemas/ (but those only this system writes, on
a channel it does not read: the coverage feed), and every message example is valid against
its message's payload and headers schemas.
Prints one JSON object: {"problems": [...], "types": [event types described],
"unresolvedFiles": [...]}; exits 1 when there is a problem.
A missing schema file is listed under unresolvedFiles, not as a problem: the caller
decides (the Swift test requires the file of every type the domain library knows)."""
import json, pathlib, sys

import jsonschema
import yaml

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
document_path = root / "asyncapi/insurance-events.yaml"
# AsyncAPI 3.0.0's JSON Schema (draft-07, Apache-2.0, asyncapi/spec-json-schemas),
# kept next to the document so the check needs nothing outside the repository.
schema_path = root / "asyncapi/asyncapi-3.0.0.schema.json"
document = yaml.safe_load(document_path.read_text())
problems = []

for error in jsonschema.Draft7Validator(json.loads(schema_path.read_text())).iter_errors(document):
    where = "/".join(str(p) for p in error.absolute_path) or "(root)"
    problems.append(f"schema: {where}: {error.message[:300]}")


def pointer(target, fragment):
    """The value at a JSON pointer (`/a/b`), or None."""
    for part in [p for p in fragment.split("/") if p]:
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(target, dict) and part in target:
            target = target[part]
        else:
            return None
    return target


unresolved = set()


def walk(node, where):
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            file_part, _, fragment = ref.partition("#")
            if not file_part:
                if pointer(document, fragment) is None:
                    problems.append(f"{where}: reference {ref} does not resolve")
            else:
                path = (document_path.parent / file_part).resolve()
                if not path.is_file():
                    unresolved.add(str(path.relative_to(root)))
                elif pointer(json.loads(path.read_text()), fragment) is None:
                    problems.append(f"{where}: {ref}: no {fragment} in {file_part}")
        for key, value in node.items():
            walk(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            walk(value, f"{where}/{index}")


walk(document, "")

for name, operation in (document.get("operations") or {}).items():
    channel = operation.get("channel", {}).get("$ref", "")
    for message in operation.get("messages", []):
        if not message.get("$ref", "").startswith(channel + "/messages/"):
            problems.append(f"operations/{name}: message {message.get('$ref')} is not one of {channel}'s")

# The events the services consume come from upstreams in either content mode, and their
# schemas in ../schemas/ are compared with the domain library by the Swift tests. A message
# only this system writes, on a channel nobody here reads (the coverage feed), is written in
# one mode and may be described in this document; every other message keeps the strict rule,
# so a new event type cannot slip past it by being left out of the operations.
read_channels = {(o.get("channel") or {}).get("$ref") for o in (document.get("operations") or {}).values()
                 if o.get("action") == "receive"}
channels_of = {}
for channel_name, channel in (document.get("channels") or {}).items():
    for message in (channel.get("messages") or {}).values():
        channels_of.setdefault(message.get("$ref", ""), set()).add(f"#/channels/{channel_name}")
published_only = {ref.rsplit("/", 1)[1] for ref, channels in channels_of.items()
                  if ref.startswith("#/components/messages/") and not channels & read_channels}

types, consumed_modes = set(), {}
for key, message in (document.get("components", {}).get("messages") or {}).items():
    name = message.get("name", "")
    payload = message.get("payload", {}).get("$ref", "")
    if not name.startswith("insurance."):
        continue
    types.add(name)
    if key not in published_only:
        consumed_modes.setdefault(name, set()).add(message.get("contentType"))
        if not payload.startswith(f"../schemas/{name}.json"):
            problems.append(f"components/messages/{key}: payload {payload} is not ../schemas/{name}.json")
for name, modes in consumed_modes.items():
    if modes != {"application/cloudevents+json", "application/json"}:
        problems.append(f"{name}: needs a structured-mode and a binary-mode message, has {sorted(map(str, modes))}")


def schema_validator(schema):
    """A validator for a message's payload or headers schema, or None when it cannot be
    resolved (already reported above). Schemas in this document are AsyncAPI schemas (JSON
    Schema draft-07); a ../schemas/ file declares its own draft."""
    if not isinstance(schema, dict):
        return None
    ref = schema.get("$ref")
    if ref is None:
        return jsonschema.Draft7Validator({**schema, "components": document.get("components", {})})
    file_part, _, fragment = ref.partition("#")
    if not file_part:
        if pointer(document, fragment) is None:
            return None
        # A root that holds the components, so nested #/components/... references resolve too.
        return jsonschema.Draft7Validator({"$ref": ref, "components": document.get("components", {})})
    path = (document_path.parent / file_part).resolve()
    if not path.is_file():
        return None
    whole = json.loads(path.read_text())
    target = pointer(whole, fragment)
    return None if target is None else jsonschema.validators.validator_for(whole)(target)


# Examples are what readers copy: each must pass its own message's payload and headers schemas.
for key, message in (document.get("components", {}).get("messages") or {}).items():
    for index, example in enumerate(message.get("examples") or []):
        for part in ("payload", "headers"):
            validator = schema_validator(message[part]) if part in message and part in example else None
            for error in validator.iter_errors(example[part]) if validator else []:
                where = "/".join(str(p) for p in error.absolute_path) or "(root)"
                problems.append(f"components/messages/{key}/examples/{index}: {part} {where}: {error.message[:300]}")

print(json.dumps({"problems": problems, "types": sorted(types), "unresolvedFiles": sorted(unresolved)}))
sys.exit(1 if problems else 0)
