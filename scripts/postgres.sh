#!/usr/bin/env bash
# Starts a PostgreSQL cluster of its own on a loopback port and prints its URL: a throwaway one
# for the tests (`stop` deletes it), or the production form's own, kept between runs (`--durable`:
# created once, fsync on; `halt` stops it and keeps its files).
# Usage: scripts/postgres.sh start DIR PORT [--durable] | stop DIR | halt DIR
# Loopback only, unless POSTGRES_LISTEN names one more address to listen on and POSTGRES_CLIENTS
# the network (CIDR) allowed to connect there (tests/test_app_hosts.py: app hosts in namespaces).
set -euo pipefail
action=$1 dir=$2
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$action" in
  start)
    port=$3
    durable=${4:-}
    mkdir -p "$dir" && chmod 755 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    if [ ! -s "$dir/data/PG_VERSION" ]; then
      as_postgres "$bindir/initdb" -D "$dir/data" -U postgres -A trust --no-sync -E UTF8 >/dev/null
    fi
    listen=127.0.0.1
    if [ -n "${POSTGRES_LISTEN:-}" ]; then
      listen="$listen,$POSTGRES_LISTEN"
      rule="host all all ${POSTGRES_CLIENTS:?POSTGRES_CLIENTS: the network allowed} trust"
      grep -qxF "$rule" "$dir/data/pg_hba.conf" || echo "$rule" >>"$dir/data/pg_hba.conf"
    fi
    # A cluster left running by a previous run that did not stop it: restarted on a free port.
    as_postgres "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1 \
      && as_postgres "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    # fsync off for a test cluster: one that disappears after the run need not survive a crash.
    fsync="-F"
    [ "$durable" = "--durable" ] && fsync=""
    # A port taken meanwhile (or a slow start) must not fail the whole run: show why, try the next.
    for attempt in 1 2 3; do
      if as_postgres "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 120 \
        -o "$fsync -p $port -k $dir -c listen_addresses=$listen -c max_connections=300" \
        start >/dev/null; then
        break
      fi
      tail -5 "$dir/log" >&2 || true
      [ "$attempt" -eq 3 ] && exit 1
      port=$((port + 1))
    done
    if ! as_postgres "$bindir/psql" -h "$dir" -p "$port" -U postgres -Atqc \
      "select 1 from pg_database where datname = 'usine'" postgres | grep -q 1; then
      as_postgres "$bindir/createdb" -h "$dir" -p "$port" -U postgres usine
    fi
    echo "postgres://postgres@127.0.0.1:$port/usine"
    ;;
  stop)
    as_postgres "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  halt)
    as_postgres "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
esac
