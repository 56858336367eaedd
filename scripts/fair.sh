# Sourced by run.sh (the embedded fair) and run-production.sh (nginx in front of several web
# workers): the parts both start the same way — Debian packages, Redis, the database, the demo
# edition, the task worker and Janus — and the stopping of everything on Ctrl-C.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
export DJANGO_SETTINGS_MODULE=usine.settings
data=${USINE_DATA_DIR:-data}
mkdir -p "$data"
data=$(cd "$data" && pwd)
export USINE_DATA_DIR=$data

pids=()
started=()
postgres_dir=""
s3_dir=""
cleanup() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for service in "${started[@]}"; do scripts/"$service".sh stop >/dev/null 2>&1 || true; done
  if [ -n "$s3_dir" ]; then scripts/s3.sh stop "$s3_dir" >/dev/null 2>&1 || true; fi
  if [ -n "$postgres_dir" ]; then scripts/postgres.sh halt "$postgres_dir" || true; fi
}
trap cleanup INT TERM EXIT

# ffmpeg makes and transcodes the demo videos; pango lays out the class sheets (PDF); janus is the
# live video server; redis-server shares the cache and the live rooms between processes.
fair_packages() {
  scripts/ensure-packages.sh ffmpeg fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 janus \
    redis-server redis-tools curl "$@" || true
  # grep reads the whole list (no -q): an early exit would fail the pipeline (pipefail).
  if ! /sbin/ldconfig -p 2>/dev/null | grep libpangoft2-1.0 >/dev/null; then
    echo "→ pango est absent (apt-get install libpango-1.0-0 libpangoft2-1.0-0) : les fiches de classe (PDF) sont indisponibles"
  fi
  demo_options=""
  if ! command -v ffmpeg >/dev/null 2>&1; then
    echo "→ ffmpeg est absent (apt-get install ffmpeg) : l'édition de démonstration est chargée sans vidéos"
    demo_options="--no-videos"
  fi
}

# One cache for every process of the fair: a private Redis when there is one, else the cache
# folder in the data folder (settings.py), which every process on this host shares too.
# Returns 1 when the fair has no Redis.
fair_redis() {
  [ -n "${REDIS_URL:-}" ] && return 0
  if REDIS_URL=$(scripts/redis.sh start); then
    export REDIS_URL
    started+=(redis)
    echo "→ cache partagé et salons en direct : Redis ($REDIS_URL)"
  else
    unset REDIS_URL
    return 1
  fi
}

# The fair's own PostgreSQL cluster in the data folder (kept between runs), unless DATABASE_URL
# names one. Returns 1 when PostgreSQL is not installed.
fair_postgres() {
  [ -n "${DATABASE_URL:-}" ] && return 0
  ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || return 1
  postgres_dir=$data/postgres
  DATABASE_URL=$(scripts/postgres.sh start "$postgres_dir" "$(scripts/free-port.sh 5433)" --durable) || {
    postgres_dir=""
    return 1
  }
  export DATABASE_URL
  echo "→ base de données : PostgreSQL ($DATABASE_URL, fichiers dans $postgres_dir)"
}

# Janus's ports: the usual ones when free, else free ones, so that two fairs on one host both
# have live video. Django learns them from the same variables.
fair_janus_ports() {
  JANUS_HTTP_PORT=${JANUS_HTTP_PORT:-$(scripts/free-port.sh 8088)}
  JANUS_WS_PORT=${JANUS_WS_PORT:-$(scripts/free-port.sh 8188 "$((JANUS_HTTP_PORT + 100))")}
  local rtp_base=$((20000 + (JANUS_HTTP_PORT % 20) * 1000))
  JANUS_RTP_PORT_RANGE=${JANUS_RTP_PORT_RANGE:-$rtp_base-$((rtp_base + 999))}
  JANUS_URL=${JANUS_URL:-http://127.0.0.1:$JANUS_HTTP_PORT/janus}
  export JANUS_HTTP_PORT JANUS_WS_PORT JANUS_RTP_PORT_RANGE JANUS_URL
}

# Migrations, static files, the demo edition; then the task worker, the reminders, the Forum's
# packagers and Janus.
fair_background() {
  $PY python manage.py prepare_fair $demo_options
  # The worker logs every task; its journal goes to a file so the console keeps the fair's address.
  $PY python manage.py task_worker --no-reload --interval 0.5 >>"$data/worker.log" 2>&1 &
  pids+=($!)
  # The reminder e-mails of the day before, a pass every quarter of an hour (each mail is sent
  # once whoever runs the pass; a host's deployment runs them from a systemd timer instead).
  scripts/every.sh 900 $PY python manage.py send_reminders >>"$data/worker.log" 2>&1 &
  pids+=($!)
  # The Forum: one packager (ffmpeg, SRT in, HLS out) per stage on air and, for the demo's talk
  # on air, a test card standing in for the speaker's encoder.
  if command -v ffmpeg >/dev/null 2>&1; then
    $PY python manage.py forum_packager >>"$data/forum.log" 2>&1 &
    pids+=($!)
    $PY python manage.py feed_demo_forum >>"$data/forum.log" 2>&1 &
    pids+=($!)
  fi
  echo "→ vidéo en direct (Janus)"
  if scripts/janus.sh start; then
    started+=(janus)
  elif [ $? -ne 3 ]; then
    echo "→ vidéo en direct indisponible : Janus n'a pas démarré (journal : $data/janus/janus.log) — les questions fonctionnent quand même"
  fi
}

# Waits until URL answers /healthz (curl's --unix-socket when a socket is given as second argument).
fair_wait() {
  local url=$1 socket=${2:-}
  for _ in $(seq 1 150); do
    if curl -fsS --max-time 1 ${socket:+--unix-socket "$socket"} "$url/healthz" >/dev/null 2>&1; then
      return 0
    fi
    sleep 0.1
  done
  return 1
}

fair_banner() {
  local url=$1
  echo
  echo "  Usine est prête : $url/"
  echo "  (administration : $url/admin/ — créez un compte avec « .venv/bin/python manage.py createsuperuser »)"
  echo "  Journal des tâches de fond (conversion des vidéos) : $data/worker.log"
  echo "  Ctrl-C pour tout arrêter."
  echo
}
