#!/usr/bin/env python3
"""Checks docker-compose.yml statically (no Docker engine here):
the Compose Specification's JSON Schema, build contexts and Dockerfiles that
exist, the expected images, the smoke suite under the `test` profile, and that
every variable set for a service built here is documented in the configuration
table (`| variable |` in README.md or docs/operations.md).
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


def configuration_table():
    """The names in the first `| variable |` table of README.md or docs/operations.md
    (the table may move from one to the other); a row may name two, `A` / `B`."""
    for candidate in ("README.md", "docs/operations.md"):
        path = root / candidate
        if not path.is_file():
            continue
        lines = path.read_text().splitlines()
        starts = [i for i, line in enumerate(lines) if re.match(r"^\|\s*variable\s*\|", line)]
        if not starts:
            continue
        names = set()
        for line in lines[starts[0] + 2:]:
            if not line.startswith("|"):
                break
            first_cell = line.split("|")[1]
            names |= set(re.findall(r"`([A-Z][A-Z0-9_]*)`", first_cell))
        return candidate, names
    return None, set()


table_file, documented = configuration_table()
if table_file is None:
    problems.append("no configuration table (a `| variable |` table) in README.md or docs/operations.md")

for name, service in services.items():
    build = service.get("build")
    if build is not None:
        context = root / (build if isinstance(build, str) else build.get("context", "."))
        if not context.is_dir():
            problems.append(f"{name}: build context {context} does not exist")
        dockerfile = context / (build.get("dockerfile", "Dockerfile") if isinstance(build, dict) else "Dockerfile")
        if not dockerfile.is_file():
            problems.append(f"{name}: Dockerfile {dockerfile} does not exist")
        environment = service.get("environment") or {}
        if isinstance(environment, list):  # `- NAME=value` form
            environment = {entry.split("=", 1)[0]: None for entry in environment}
        for variable in environment:
            if variable not in documented:
                problems.append(f"{name}: environment variable {variable} is not in the configuration table of {table_file}")
        health = (service.get("healthcheck") or {}).get("test") or []
        if "curl" in " ".join(health if isinstance(health, list) else [health]):
            problems.append(f"{name}: healthcheck uses curl, which the image does not carry (the image's HEALTHCHECK applies)")

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

# Each long-running service restarts by itself: the services exit non-zero on a fault they
# cannot wait out (a failed migration, a stalled pipeline) for a supervisor to restart them.
for wanted in ["kafka", "postgres", "enrollment-service", "benefits-service"]:
    if wanted in services and services[wanted].get("restart") not in ("unless-stopped", "always", "on-failure"):
        problems.append(f"{wanted}: needs a restart policy (restart: unless-stopped), or a service that exits on a fault stays down")

# The integration test: `docker compose --profile test up --build --exit-code-from smoke`.
smoke = services.get("smoke")
if smoke is None:
    problems.append("service smoke is missing")
else:
    if smoke.get("profiles") != ["test"]:
        problems.append(f"smoke: profiles must be [test] so a plain `up` leaves it out, got {smoke.get('profiles')}")
    build = smoke.get("build") if isinstance(smoke.get("build"), dict) else {}
    if build.get("dockerfile") != "deploy/Dockerfile" or (build.get("args") or {}).get("SERVICE") != "insurance-sample":
        problems.append("smoke: must build deploy/Dockerfile with SERVICE=insurance-sample")
    if smoke.get("command") not in (["smoke"], "smoke"):
        problems.append(f"smoke: command must be smoke, got {smoke.get('command')}")
    depends = smoke.get("depends_on") or {}
    for wanted in ("enrollment-service", "benefits-service", "postgres"):
        condition = depends.get(wanted, {}).get("condition") if isinstance(depends, dict) else None
        if condition != "service_healthy":
            problems.append(f"smoke: must wait for {wanted} to be healthy (depends_on condition service_healthy)")
    for wanted in ("SMOKE_ENROLLMENT_URL", "SMOKE_BENEFITS_URL", "PG_HOST", "KAFKA_BOOTSTRAP_SERVERS"):
        if wanted not in (smoke.get("environment") or {}):
            problems.append(f"smoke: environment variable {wanted} is not set")
for name, service in services.items():
    depends = service.get("depends_on") or {}
    for dependency, rule in (depends.items() if isinstance(depends, dict) else []):
        if (rule or {}).get("condition") == "service_completed_successfully":
            problems.append(f"{name}: waits for {dependency} to exit, and an exiting container ends "
                            "`up --exit-code-from smoke` before the smoke suite runs; wait for it to be healthy")
    if "profiles" in service and name not in ("smoke", "otel-collector", "jaeger"):
        problems.append(f"{name}: only smoke (profile test) and otel-collector, jaeger (profile tracing) belong to a profile")

# Kafka takes SASL/SCRAM logins only, with ACLs (docs/security.md, "Kafka"): the listener the
# other containers use authenticates, anything else listens on the container's loopback, the
# authorizer refuses what no ACL allows, and every client names its user and reads its
# password from a secret (never from the environment).
kafka = services.get("kafka") or {}
kafka_env = {k: str(v) for k, v in (kafka.get("environment") or {}).items()}
protocols = dict(entry.split(":", 1) for entry in kafka_env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "").split(",") if ":" in entry)
for listener in filter(None, kafka_env.get("KAFKA_LISTENERS", "").split(",")):
    name, _, address = listener.partition("://")
    protocol = protocols.get(name, name)
    if not protocol.startswith("SASL_") and not address.startswith("127.0.0.1:"):
        problems.append(f"kafka: listener {name} ({protocol}) is reachable from other containers without authentication; "
                        "use SASL_PLAINTEXT/SASL_SSL or bind it to 127.0.0.1")
if "SCRAM-SHA-512" not in kafka_env.get("KAFKA_SASL_ENABLED_MECHANISMS", ""):
    problems.append("kafka: KAFKA_SASL_ENABLED_MECHANISMS must enable SCRAM-SHA-512")
if kafka_env.get("KAFKA_AUTHORIZER_CLASS_NAME") != "org.apache.kafka.metadata.authorizer.StandardAuthorizer":
    problems.append("kafka: KAFKA_AUTHORIZER_CLASS_NAME must be the StandardAuthorizer, or no ACL is enforced")
if kafka_env.get("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "").lower() != "false":
    problems.append("kafka: KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND must be false, or a topic without ACLs is open to all")
defined_secrets = set((compose.get("secrets") or {}).keys())
anchors = {}
for name, service in services.items():
    env = {k: str(v) for k, v in (service.get("environment") or {}).items()} if isinstance(service.get("environment"), dict) else {}
    if "KAFKA_BOOTSTRAP_SERVERS" not in env:
        continue
    if not env.get("KAFKA_PROPERTY_SECURITY_PROTOCOL", "").startswith("SASL_"):
        problems.append(f"{name}: a Kafka client must authenticate (KAFKA_PROPERTY_SECURITY_PROTOCOL SASL_PLAINTEXT or SASL_SSL)")
    if not env.get("KAFKA_PROPERTY_SASL_USERNAME"):
        problems.append(f"{name}: a Kafka client must name its user (KAFKA_PROPERTY_SASL_USERNAME)")
    if "KAFKA_PROPERTY_SASL_PASSWORD" in env:
        problems.append(f"{name}: the Kafka password must come from a secret file (KAFKA_PROPERTY_SASL_PASSWORD_FILE), not the environment")
    password_file = env.get("KAFKA_PROPERTY_SASL_PASSWORD_FILE", "")
    secret = password_file.removeprefix("/run/secrets/")
    if not password_file.startswith("/run/secrets/") or secret not in (service.get("secrets") or []) or secret not in defined_secrets:
        problems.append(f"{name}: KAFKA_PROPERTY_SASL_PASSWORD_FILE must name one of its Docker secrets (/run/secrets/<secret>)")

# Tracing (docs/tracing.md): the collector and Jaeger under the `tracing` profile, and the
# services' OTLP endpoint a setting that is empty (off) unless given.
for wanted in ("otel-collector", "jaeger"):
    if wanted not in services:
        problems.append(f"service {wanted} is missing (profile tracing)")
    elif services[wanted].get("profiles") != ["tracing"]:
        problems.append(f"{wanted}: profiles must be [tracing] so a plain `up` leaves it out, got {services[wanted].get('profiles')}")
for wanted in ("enrollment-service", "benefits-service"):
    env = (services.get(wanted) or {}).get("environment") or {}
    if "OTEL_EXPORTER_OTLP_ENDPOINT" not in env:
        problems.append(f"{wanted}: OTEL_EXPORTER_OTLP_ENDPOINT is not passed on, so tracing cannot be turned on")

for p in problems:
    print(p)
print(f"compose check: {len(services)} services, {len(documented)} documented variables ({table_file}), {len(problems)} problems")
sys.exit(1 if problems else 0)
