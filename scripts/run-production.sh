#!/usr/bin/env bash
# The production form of the fair on this host: nginx in front (static files, public media, a
# one-second cache of anonymous pages) of WEB_CONCURRENCY web workers (uvicorn, one Unix socket
# each), PostgreSQL and Redis (the fair's own when DATABASE_URL / REDIS_URL are not given), the
# task worker and Janus. Everything but nginx and the web workers starts as in `make run`
# (scripts/fair.sh). Ctrl-C stops everything.
set -euo pipefail
source "$(dirname "$0")/fair.sh"
workers=${WEB_CONCURRENCY:-2}

fair_packages nginx postgresql
command -v nginx >/dev/null 2>&1 || { echo "✗ nginx est absent (apt-get install nginx)" >&2; exit 1; }
fair_postgres || { echo "✗ PostgreSQL est absent (apt-get install postgresql) ou n'a pas démarré" >&2; exit 1; }
# Several web workers share live rooms, cache and rate limits through Redis only.
fair_redis || { echo "✗ Redis est absent (apt-get install redis-server)" >&2; exit 1; }
fair_janus_ports
export MEDIA_X_ACCEL=1 SITE_URL=${SITE_URL:-http://$HOST:$PORT}
# Media stay on the local disk unless asked (README, "Media on S3"): MEDIA_S3=1 starts a private
# S3 server in the data folder when no AWS_* bucket is given.
if [ "${MEDIA_S3:-}" = 1 ] && [ -z "${AWS_STORAGE_BUCKET_NAME:-}" ]; then
  s3_env=$(scripts/s3.sh start "$data/s3") || { echo "✗ le serveur S3 n'a pas démarré (journal : $data/s3/)" >&2; exit 1; }
  set -a
  eval "$s3_env"
  set +a
  s3_dir=$data/s3
  echo "→ médias sur S3 : $AWS_S3_ENDPOINT_URL (seau $AWS_STORAGE_BUCKET_NAME, fichiers dans $s3_dir)"
fi
fair_background

# The workers' sockets: reachable by this user and, when nginx's workers run as nobody (started
# as root), by their group; nobody else may write an X-Forwarded-For that the fair would trust.
run_dir=$data/run
mkdir -p "$run_dir"
chmod 750 "$run_dir"
[ "$(id -u)" -eq 0 ] && chgrp nogroup "$run_dir"
# No per-message deflate (here and in scripts/run.sh): the fair's frames are a few hundred bytes
# and each socket's zlib contexts would cost ≈ 38 KB of memory (bench/idle_sockets.py).
# uvicorn's WebSocket protocol lets go of the handshake once a socket is open (usine/ws_protocol.py).
for n in $(seq 1 "$workers"); do
  socket=$run_dir/web-$n.sock
  rm -f "$socket"
  $PY uvicorn usine.asgi:application --uds "$socket" --proxy-headers --forwarded-allow-ips='*' \
    --backlog 4096 --log-level warning --no-server-header --ws-max-size 65536 \
    --ws-per-message-deflate false --ws usine.ws_protocol:WebSocketProtocol \
    >>"$data/web-$n.log" 2>&1 &
  pids+=($!)
done
for n in $(seq 1 "$workers"); do
  fair_wait http://localhost "$run_dir/web-$n.sock" \
    || { echo "✗ le processus web $n ne répond pas (journal : $data/web-$n.log)" >&2; exit 1; }
done

$PY python manage.py render_deploy --local --out "$data/nginx" --workers "$workers" \
  --listen "$HOST:$PORT" --run-dir "$run_dir" >/dev/null
nginx -p "$data/nginx" -c "$data/nginx/nginx.conf" -e "$data/nginx/error.log" &
pids+=($!)
fair_wait "http://$HOST:$PORT" || { echo "✗ nginx ne répond pas (journal : $data/nginx/error.log)" >&2; exit 1; }

echo "→ nginx devant $workers processus web (journaux : $data/web-N.log, $data/nginx/error.log)"
fair_banner "http://$HOST:$PORT"
wait -n "${pids[@]}"
