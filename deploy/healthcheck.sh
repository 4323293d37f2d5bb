#!/bin/bash
# The image's HEALTHCHECK: healthy when the service in this image answers GET /ready
# with 200. Uses bash's /dev/tcp so the image needs no curl.
set -euo pipefail
case "$(cat /app/service-name)" in
  enrollment-service) port="${ENROLLMENT_PORT:-8080}" ;;
  benefits-service) port="${BENEFITS_PORT:-8081}" ;;
  *) exit 0 ;;  # insurance-sample (the smoke suite) serves nothing
esac
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
IFS=' ' read -r -t 3 _ status _ <&3
[ "$status" = 200 ]
