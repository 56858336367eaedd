#!/usr/bin/env bash
# Brings up the whole fair on this machine: database, demo edition, shared cache, web server, task
# worker and the live video server. Installs what is missing when it can (root, Debian); otherwise
# says what is missing, part by part, and starts the rest. Stops everything on Ctrl-C.
# (scripts/run-production.sh is the same fair with nginx in front of several web workers.)
set -euo pipefail
source "$(dirname "$0")/fair.sh"

fair_packages
if ! fair_redis; then
  echo "→ Redis est absent (apt-get install redis-server) : cache partagé dans $data/cache," \
    "un seul processus web"
  WEB_CONCURRENCY=1
fi
fair_janus_ports
fair_background

# No per-message deflate: see scripts/run-production.sh.
$PY uvicorn usine.asgi:application --host "$HOST" --port "$PORT" \
  --workers "${WEB_CONCURRENCY:-1}" --proxy-headers --backlog 4096 --log-level warning \
  --no-server-header --ws-max-size 65536 --ws-per-message-deflate false \
  --ws usine.ws_protocol:WebSocketProtocol &
pids+=($!)

fair_wait "http://$HOST:$PORT" || true
fair_banner "http://$HOST:$PORT"
wait -n "${pids[@]}"
