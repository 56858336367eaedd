#!/usr/bin/env bash
# Brings up the whole fair on this machine: database, demo edition, shared cache, web server, task
# worker and the live video server. Installs what is missing when it can (root, Debian); otherwise
# says what is missing, part by part, and starts the rest. Stops everything on Ctrl-C.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
export DJANGO_SETTINGS_MODULE=usine.settings
data=${USINE_DATA_DIR:-data}

# ffmpeg makes and transcodes the demo videos; pango lays out the class sheets (PDF); janus is the
# live video server; redis-server shares the cache and the live rooms between processes.
scripts/ensure-packages.sh ffmpeg fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 janus \
  redis-server redis-tools curl || true
if ! /sbin/ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0; then
  echo "→ pango est absent (apt-get install libpango-1.0-0 libpangoft2-1.0-0) : les fiches de classe (PDF) sont indisponibles"
fi

demo_options=""
if ! command -v ffmpeg >/dev/null 2>&1; then
  echo "→ ffmpeg est absent (apt-get install ffmpeg) : l'édition de démonstration est chargée sans vidéos"
  demo_options="--no-videos"
fi

pids=()
started=()
cleanup() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for service in "${started[@]}"; do scripts/"$service".sh stop >/dev/null 2>&1 || true; done
}
trap cleanup INT TERM EXIT

# One cache for every process of the fair: a private Redis when there is one, else the cache
# folder in the data folder (settings.py), which every process on this host shares too.
if [ -z "${REDIS_URL:-}" ]; then
  if REDIS_URL=$(scripts/redis.sh start); then
    export REDIS_URL
    started+=(redis)
    echo "→ cache partagé et salons en direct : Redis ($REDIS_URL)"
  else
    unset REDIS_URL
    echo "→ Redis est absent (apt-get install redis-server) : cache partagé dans $data/cache," \
      "un seul processus web"
    WEB_CONCURRENCY=1
  fi
fi

# Janus's ports: the usual ones when free, else free ones, so that two fairs on one host both
# have live video. Django learns them from the same variables.
JANUS_HTTP_PORT=${JANUS_HTTP_PORT:-$(scripts/free-port.sh 8088)}
JANUS_WS_PORT=${JANUS_WS_PORT:-$(scripts/free-port.sh 8188 "$((JANUS_HTTP_PORT + 100))")}
rtp_base=$((20000 + (JANUS_HTTP_PORT % 20) * 1000))
JANUS_RTP_PORT_RANGE=${JANUS_RTP_PORT_RANGE:-$rtp_base-$((rtp_base + 999))}
JANUS_URL=${JANUS_URL:-http://127.0.0.1:$JANUS_HTTP_PORT/janus}
export JANUS_HTTP_PORT JANUS_WS_PORT JANUS_RTP_PORT_RANGE JANUS_URL

$PY python manage.py prepare_fair $demo_options

# The worker logs every task; its journal goes to a file so the console keeps the fair's address.
$PY python manage.py db_worker --no-reload --interval 0.5 >>"$data/worker.log" 2>&1 &
pids+=($!)

echo "→ vidéo en direct (Janus)"
if scripts/janus.sh start; then
  started+=(janus)
elif [ $? -ne 3 ]; then
  echo "→ vidéo en direct indisponible : Janus n'a pas démarré (journal : $data/janus/janus.log) — les questions fonctionnent quand même"
fi

$PY uvicorn usine.asgi:application --host "$HOST" --port "$PORT" \
  --workers "${WEB_CONCURRENCY:-1}" --proxy-headers --backlog 4096 --log-level warning \
  --no-server-header --ws-max-size 65536 &
pids+=($!)

for _ in $(seq 1 100); do
  if .venv/bin/python -c "import urllib.request as u; u.urlopen('http://$HOST:$PORT/healthz', timeout=1)" 2>/dev/null; then break; fi
  sleep 0.1
done
echo
echo "  Usine est prête : http://$HOST:$PORT/"
echo "  (administration : http://$HOST:$PORT/admin/ — créez un compte avec « .venv/bin/python manage.py createsuperuser »)"
echo "  Journal des tâches de fond (conversion des vidéos) : $data/worker.log"
echo "  Ctrl-C pour tout arrêter."
echo
wait -n "${pids[@]}"
