#!/usr/bin/env bash
# The fair's own Redis for `make run`: cache, rate limits, sessions' cache and the live rooms'
# messages shared by every process of the fair (web workers, task worker, commands). It listens on
# a Unix socket in the data folder only, so two fairs on one host never meet, and keeps nothing
# on disk: whatever it holds can be rebuilt from the database.
#
#   scripts/redis.sh start   start it (if not running) and print its REDIS_URL
#   scripts/redis.sh stop    stop it
# Exit status 3 means the `redis-server` program is missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${USINE_DATA_DIR:-$root/data}
data=$(mkdir -p "$data" && cd "$data" && pwd)
dir=$data/redis
socket=$dir/redis.sock
pid_file=$dir/redis.pid

answers() { [ -S "$socket" ] && redis-cli -s "$socket" ping >/dev/null 2>&1; }

case "${1:-}" in
  start)
    command -v redis-server >/dev/null 2>&1 || exit 3
    mkdir -p "$dir" && chmod 700 "$dir"
    if ! answers; then
      rm -f "$socket"
      redis-server --port 0 --unixsocket "$socket" --unixsocketperm 700 --daemonize yes \
        --pidfile "$pid_file" --logfile "$dir/redis.log" --dir "$dir" --save "" --appendonly no \
        --maxmemory 512mb --maxmemory-policy allkeys-lru >/dev/null
      for _ in $(seq 1 50); do
        answers && break
        sleep 0.1
      done
      answers || { echo "✗ Redis ne répond pas (journal : $dir/redis.log)" >&2; exit 1; }
    fi
    echo "unix://$socket"
    ;;
  stop)
    if [ -s "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
      kill -TERM "$(cat "$pid_file")"
      rm -f "$pid_file"
    fi
    ;;
  *)
    echo "usage : $0 start|stop" >&2
    exit 2
    ;;
esac
