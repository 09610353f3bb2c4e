#!/bin/bash
# rc-healthcheck [PATH] [PORT]: the container health check of a gateway node. The runtime image has
# neither curl nor wget, so this speaks just enough HTTP/1.1 over bash's /dev/tcp: it sends
# `GET PATH` to 127.0.0.1:PORT and exits 0 when the status line is 2xx, 1 otherwise (refused
# connection, no answer within 5 seconds, or any other status). Defaults: /health/ready on 8787.
set -u
path="${1:-/health/ready}"
port="${2:-8787}"

if ! exec 3<>"/dev/tcp/127.0.0.1/${port}"; then
  echo "nothing listens on 127.0.0.1:${port}" >&2
  exit 1
fi
printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$path" "$port" >&3
if ! IFS= read -r -t 5 status <&3; then
  echo "GET ${path}: no answer within 5 s" >&2
  exit 1
fi
status="${status%$'\r'}"
if [[ "$status" =~ ^HTTP/1\.[01]\ 2[0-9][0-9]($|\ ) ]]; then
  exit 0
fi
echo "GET ${path}: ${status}" >&2
exit 1
