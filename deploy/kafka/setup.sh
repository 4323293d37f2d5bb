#!/usr/bin/env bash
# Runs inside the Kafka container, beside the broker (start.sh). It speaks to the broker on the
# SETUP listener, which is bound to the container's loopback only: no SCRAM user exists before
# this script creates them, and nothing outside the container can reach that listener.
#
# What it does, every start (each step is idempotent):
#   1. a SCRAM-SHA-512 user per principal, its password from a Docker secret;
#   2. the topics (the coverage change feed compacted);
#   3. the ACLs: each principal gets only what it needs (docs/security.md, "Kafka");
#   4. touches /tmp/kafka-ready, which the healthcheck waits for.
# A failure stops here with a message and leaves the container unhealthy.
set -euo pipefail

bin=/opt/kafka/bin
setup=127.0.0.1:9094
secrets=/run/secrets
rm -f /tmp/kafka-ready

until "$bin/kafka-broker-api-versions.sh" --bootstrap-server "$setup" >/dev/null 2>&1; do sleep 1; done

# 1. Users. A password goes into kafka-configs' `[password=…]` syntax, so it must not hold
# `,`, `]`, `=` or spaces: hex or base64url, e.g. `openssl rand -hex 24`.
scram_user() {
  local name=$1 file=$secrets/$2
  [[ -r $file ]] || { echo "kafka-setup: secret $file is missing" >&2; exit 1; }
  local password
  password=$(tr -d '\r\n' < "$file")
  [[ $password =~ ^[A-Za-z0-9_-]{16,}$ ]] || {
    echo "kafka-setup: $file must hold at least 16 characters of [A-Za-z0-9_-] (openssl rand -hex 24)" >&2
    exit 1
  }
  "$bin/kafka-configs.sh" --bootstrap-server "$setup" --alter --entity-type users --entity-name "$name" \
    --add-config "SCRAM-SHA-512=[iterations=8192,password=$password]" >/dev/null
}
scram_user enrollment-service kafka_enrollment_password
scram_user benefits-service kafka_benefits_password
scram_user upstream kafka_upstream_password
scram_user smoke kafka_smoke_password

# 2. Topics.
inputs=(insurance.enrollments.v1 insurance.contributions.v1 insurance.bindings.v1)
for topic in "${inputs[@]}" insurance.deadletter.v1; do
  "$bin/kafka-topics.sh" --bootstrap-server "$setup" --create --if-not-exists --topic "$topic" \
    --partitions 6 --replication-factor 1 >/dev/null
done
# The coverage change feed is compacted: a consumer reading it from the start always finds
# every person's highest revision (docs/coverage-feed.md).
"$bin/kafka-topics.sh" --bootstrap-server "$setup" --create --if-not-exists --topic insurance.coverage.v1 \
  --partitions 6 --replication-factor 1 --config cleanup.policy=compact >/dev/null

# 3. ACLs. `Write` on a topic lets an idempotent producer write to it (Kafka 3.x).
acl() { "$bin/kafka-acls.sh" --bootstrap-server "$setup" --add "$@" >/dev/null; }
for topic in "${inputs[@]}"; do
  # The enrollment service publishes what its HTTP and file doors accept; named upstreams
  # (the tax bureau's feed) may write the same topics directly, and so does the smoke suite,
  # which sends one event as an upstream would.
  acl --allow-principal User:enrollment-service --allow-principal User:upstream --allow-principal User:smoke \
    --operation Write --operation Describe --topic "$topic"
  acl --allow-principal User:benefits-service --operation Read --operation Describe --topic "$topic"
done
acl --allow-principal User:benefits-service --operation Write --operation Describe --topic insurance.deadletter.v1
acl --allow-principal User:benefits-service --operation Write --operation Describe --topic insurance.coverage.v1
acl --allow-principal User:benefits-service --operation Read --group benefits-service
# The smoke suite also reads the coverage feed, with groups of its own.
acl --allow-principal User:smoke --operation Read --operation Describe --topic insurance.coverage.v1
acl --allow-principal User:smoke --operation Read --group insurance-smoke- --resource-pattern-type prefixed

touch /tmp/kafka-ready
echo "kafka-setup: users, topics and ACLs ready"
