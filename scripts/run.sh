#!/usr/bin/env bash
# Brings up the whole fair on this machine: database, demo edition, web server, task worker and,
# when installed, the live video server. Stops everything on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
PY="uv run --frozen"
export DJANGO_SETTINGS_MODULE=usine.settings

# ffmpeg makes and transcodes the demo videos; pango lays out the PDFs (class sheets).
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  scripts/ensure-packages.sh ffmpeg fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0
fi
demo_options=""
if ! command -v ffmpeg >/dev/null 2>&1; then
  echo "→ ffmpeg est absent (apt-get install ffmpeg) : l'édition de démonstration est chargée sans vidéos"
  demo_options="--no-videos"
fi

$PY python manage.py prepare_fair $demo_options

pids=()
janus_started=0
cleanup() {
  trap - INT TERM EXIT
  [ "$janus_started" = 1 ] && scripts/janus.sh stop >/dev/null || true
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

# The worker logs every task; its journal goes to a file so the console keeps the fair's address.
$PY python manage.py db_worker --no-reload --interval 0.5 >>"${USINE_DATA_DIR:-data}/worker.log" 2>&1 &
pids+=($!)

echo "→ vidéo en direct (Janus)"
if scripts/janus.sh start; then
  janus_started=1
elif [ $? -ne 3 ]; then
  echo "→ vidéo en direct indisponible : Janus n'a pas démarré (journal : data/janus/janus.log) — les questions fonctionnent quand même"
fi

$PY uvicorn usine.asgi:application --host "$HOST" --port "$PORT" \
  --workers "${WEB_CONCURRENCY:-1}" --proxy-headers --backlog 4096 --log-level warning &
pids+=($!)

for _ in $(seq 1 100); do
  if curl -fsS "http://$HOST:$PORT/healthz" >/dev/null 2>&1; then break; fi
  sleep 0.1
done
echo
echo "  Usine est prête : http://$HOST:$PORT/"
echo "  (administration : http://$HOST:$PORT/admin/ — créez un compte avec « uv run python manage.py createsuperuser »)"
echo "  Journal des tâches de fond (conversion des vidéos) : ${USINE_DATA_DIR:-data}/worker.log"
echo "  Ctrl-C pour tout arrêter."
echo
wait -n "${pids[@]}"
