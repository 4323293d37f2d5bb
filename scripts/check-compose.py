#!/usr/bin/env python3
"""Checks docker-compose.yml statically (no Docker engine here):
the Compose Specification's JSON Schema, build contexts and Dockerfiles that
exist, the expected images, and service variables documented in docs/operations.md.
Prints one line per problem; exits 1 when there is any."""
import json, pathlib, re, sys

import jsonschema
import yaml

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
# The Compose Specification's JSON Schema (Apache-2.0, compose-spec/compose-spec),
# kept in deploy/ so the check needs nothing outside the repository.
schema_path = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else root / "deploy/compose-spec.json"
if not schema_path.is_file():
    print(f"compose check: schema {schema_path} not found")
    sys.exit(1)
compose = yaml.safe_load((root / "docker-compose.yml").read_text())
schema = json.loads(schema_path.read_text())
problems = []

for error in jsonschema.Draft7Validator(schema).iter_errors(compose):
    where = "/".join(str(p) for p in error.absolute_path) or "(root)"
    problems.append(f"schema: {where}: {error.message}")

services = compose.get("services", {})
readme = (root / "docs/operations.md").read_text()
documented = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)`", readme, re.M))
documented |= {name for row in re.findall(r"^\| `([A-Z0-9_]+)` / `([A-Z0-9_]+)`", readme, re.M) for name in row}

for name, service in services.items():
    build = service.get("build")
    if build is not None:
        context = root / (build if isinstance(build, str) else build.get("context", "."))
        if not context.is_dir():
            problems.append(f"{name}: build context {context} does not exist")
        dockerfile = context / (build.get("dockerfile", "Dockerfile") if isinstance(build, dict) else "Dockerfile")
        if not dockerfile.is_file():
            problems.append(f"{name}: Dockerfile {dockerfile} does not exist")
        for variable in (service.get("environment") or {}):
            if variable not in documented:
                problems.append(f"{name}: environment variable {variable} is not in the configuration table of docs/operations.md")

# Fail-closed access: each service needs a token setting, and compose is never development mode.
for wanted, settings in (("enrollment-service", ("ENROLLMENT_TOKENS", "ENROLLMENT_TOKENS_FILE")),
                         ("benefits-service", ("BENEFITS_TOKENS", "BENEFITS_TOKENS_FILE"))):
    env = (services.get(wanted) or {}).get("environment") or {}
    if not any(name in env for name in settings):
        problems.append(f"{wanted}: sets neither {' nor '.join(settings)}: the service would refuse to start")
    if "INSURANCE_DEV_MODE" in env:
        problems.append(f"{wanted}: INSURANCE_DEV_MODE must not be set in compose (development only)")

images = {s.get("image", "") for s in services.values()}
if not any(i.startswith("apache/kafka:") for i in images):
    problems.append("no Apache Kafka (apache/kafka) service")
if not any(i.startswith("postgres:16") for i in images):
    problems.append("no PostgreSQL 16 service")
for wanted in ("enrollment-service", "benefits-service"):
    if wanted not in services:
        problems.append(f"service {wanted} is missing")

for p in problems:
    print(p)
print(f"compose check: {len(services)} services, {len(problems)} problems")
sys.exit(1 if problems else 0)
