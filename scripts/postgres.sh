#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on a loopback port for the tests and prints its URL.
# Usage: scripts/postgres.sh start DIR PORT | scripts/postgres.sh stop DIR
set -euo pipefail
action=$1 dir=$2
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$action" in
  start)
    port=$3
    mkdir -p "$dir" && chmod 755 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    as_postgres "$bindir/initdb" -D "$dir/data" -U postgres -A trust --no-sync -E UTF8 >/dev/null
    # fsync off: a test cluster that disappears after the run need not survive a crash.
    # A port taken meanwhile (or a slow start) must not fail the whole run: show why, try the next.
    for attempt in 1 2 3; do
      if as_postgres "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 120 \
        -o "-F -p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300" \
        start >/dev/null; then
        break
      fi
      tail -5 "$dir/log" >&2 || true
      [ "$attempt" -eq 3 ] && exit 1
      port=$((port + 1))
    done
    as_postgres "$bindir/createdb" -h "$dir" -p "$port" -U postgres usine
    echo "postgres://postgres@127.0.0.1:$port/usine"
    ;;
  stop)
    as_postgres "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
esac
