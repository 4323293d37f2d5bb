#!/usr/bin/env bash
# The Kafka container's command (docker-compose.yml): the image's own start, as the container's
# main process, with kafka-setup.sh beside it. The setup waits for the broker, then creates the
# SCRAM users, the topics and the ACLs, and marks the container ready for its healthcheck.
bash /opt/insurance/kafka/setup.sh &
exec /etc/kafka/docker/run
