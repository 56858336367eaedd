#!/usr/bin/env bash
# every.sh SECONDS COMMAND…: runs COMMAND now and then every SECONDS until stopped (SIGTERM or
# SIGINT stop it at once, its sleep included). A failing pass is reported and the next one runs.
# `make run` / `make run-production` run the reminder e-mails with it (scripts/fair.sh); a host's
# deployment uses a systemd timer instead (deploy/systemd/usine-reminders.timer).
set -uo pipefail
seconds=${1:?every.sh SECONDS COMMAND…}
shift
sleeper=""
stop() {
  [ -n "$sleeper" ] && kill "$sleeper" 2>/dev/null
  exit 0
}
trap stop TERM INT
while true; do
  "$@" || echo "every.sh: « $* » a échoué ($?) ; nouvel essai dans $seconds s" >&2
  sleep "$seconds" &
  sleeper=$!
  wait "$sleeper"
done
