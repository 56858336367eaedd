#!/usr/bin/env bash
# Starts and stops Usine's Janus (the live video server) with the project's own configuration:
# deploy/janus/*.jcfg are templates, rendered into the data folder with the secrets kept there.
#
#   scripts/janus.sh start        render the configuration, start Janus as a daemon, wait for its API
#   scripts/janus.sh run          the same in the foreground (Ctrl-C stops it)
#   scripts/janus.sh stop         stop the daemon started by `start`
#   scripts/janus.sh status       say whether it answers
#   scripts/janus.sh render DIR   only write the configuration into DIR (the tests use it)
#
# Environment (all optional): USINE_DATA_DIR, JANUS_BIND_IP (127.0.0.1), JANUS_HTTP_PORT (8088),
# JANUS_WS_PORT (8188), JANUS_RTP_PORT_RANGE (20000-40000), and the secrets JANUS_API_SECRET,
# JANUS_ADMIN_KEY, JANUS_TOKEN_SECRET (generated once into the data folder when unset, where
# Django's usine/live/conf.py reads them too).
# Exit status 3 means the `janus` binary is missing: live video is then unavailable, the rest works.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${USINE_DATA_DIR:-$root/data}
run_dir=$data/janus
pid_file=$run_dir/janus.pid
log_file=$run_dir/janus.log
bind_ip=${JANUS_BIND_IP:-127.0.0.1}
http_port=${JANUS_HTTP_PORT:-8088}
ws_port=${JANUS_WS_PORT:-8188}
rtp_range=${JANUS_RTP_PORT_RANGE:-20000-40000}

missing() {
  echo "✗ vidéo en direct indisponible : le programme « janus » est absent" \
    "(paquet Debian « janus » : apt-get install janus). Les questions fonctionnent quand même." >&2
  exit 3
}

# A secret from the environment, else from the data folder, else generated there once (the file is
# linked into place so that two processes starting together end up reading the same value).
secret() {
  local var=$1 file=$data/$2 value
  value=${!var:-}
  if [ -z "$value" ]; then
    if [ ! -s "$file" ]; then
      mkdir -p "$data"
      local tmp
      tmp=$(mktemp "$data/.secret.XXXXXX")
      head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' >"$tmp"
      chmod 600 "$tmp"
      ln "$tmp" "$file" 2>/dev/null || true
      rm -f "$tmp"
    fi
    value=$(<"$file")
  fi
  # Written between quotes into the configuration: only characters that need no escaping.
  if ! [[ $value =~ ^[A-Za-z0-9._~-]+$ ]]; then
    echo "✗ $var : seuls les caractères A-Z a-z 0-9 . _ ~ - sont acceptés" >&2
    exit 2
  fi
  printf '%s' "$value"
}

# Every library of a Janus folder except the ones kept, as Janus's comma-separated "disable" list.
disabled_except() {
  local folder=$1 keep=$2
  find "$folder" -maxdepth 1 -name 'libjanus_*.so' -printf '%f\n' 2>/dev/null | sort \
    | grep -v -x -E "$keep" | paste -sd, -
}

render() {
  local dir=$1
  local libdir
  libdir=$(dirname "$(find /usr/lib /usr/local/lib /opt/janus/lib -path '*janus/plugins/libjanus_videoroom.so' 2>/dev/null | head -1)")
  [ "$libdir" = "." ] && { echo "✗ le plugin VideoRoom de Janus est introuvable" >&2; exit 3; }
  libdir=$(dirname "$libdir")
  mkdir -p "$dir"
  chmod 700 "$dir"
  local api_secret admin_key token_secret admin_secret
  api_secret=$(secret JANUS_API_SECRET janus_api_secret)
  admin_key=$(secret JANUS_ADMIN_KEY janus_admin_key)
  token_secret=$(secret JANUS_TOKEN_SECRET janus_token_secret)
  # The admin API is disabled; its secret is only there to replace the published default.
  admin_secret=$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
  for template in "$root"/deploy/janus/*.jcfg; do
    sed -e "s|@CONFIGS_FOLDER@|$dir|g" \
      -e "s|@PLUGINS_FOLDER@|$libdir/plugins|g" \
      -e "s|@TRANSPORTS_FOLDER@|$libdir/transports|g" \
      -e "s|@EVENTS_FOLDER@|$libdir/events|g" \
      -e "s|@LOGGERS_FOLDER@|$libdir/loggers|g" \
      -e "s|@DISABLED_PLUGINS@|$(disabled_except "$libdir/plugins" 'libjanus_videoroom\.so')|g" \
      -e "s|@DISABLED_TRANSPORTS@|$(disabled_except "$libdir/transports" 'libjanus_(http|websockets)\.so')|g" \
      -e "s|@DISABLED_LOGGERS@|$(disabled_except "$libdir/loggers" 'none')|g" \
      -e "s|@API_SECRET@|$api_secret|g" \
      -e "s|@TOKEN_SECRET@|$token_secret|g" \
      -e "s|@ADMIN_SECRET@|$admin_secret|g" \
      -e "s|@ADMIN_KEY@|$admin_key|g" \
      -e "s|@BIND_IP@|$bind_ip|g" \
      -e "s|@HTTP_PORT@|$http_port|g" \
      -e "s|@WS_PORT@|$ws_port|g" \
      -e "s|@RTP_PORT_RANGE@|$rtp_range|g" \
      "$template" >"$dir/$(basename "$template")"
    chmod 600 "$dir/$(basename "$template")"
  done
}

answers() {
  curl -fsS --max-time 1 "http://$bind_ip:$http_port/janus/info" >/dev/null 2>&1
}

running_pid() {
  [ -s "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null && cat "$pid_file"
}

case "${1:-}" in
  render)
    [ $# -eq 2 ] || { echo "usage : $0 render DIR" >&2; exit 2; }
    render "$2"
    ;;
  start)
    command -v janus >/dev/null 2>&1 || missing
    if pid=$(running_pid); then
      echo "→ Janus tourne déjà (pid $pid)"
      exit 0
    fi
    render "$run_dir/config"
    rm -f "$pid_file"
    janus -F "$run_dir/config" --daemon --pid-file="$pid_file" --log-file="$log_file" \
      --disable-colors >/dev/null
    for _ in $(seq 1 50); do
      answers && break
      sleep 0.1
    done
    if ! answers; then
      echo "✗ Janus ne répond pas sur http://$bind_ip:$http_port/janus (journal : $log_file)" >&2
      exit 1
    fi
    echo "→ vidéo en direct : Janus répond sur http://$bind_ip:$http_port/janus (WebSocket $ws_port)"
    ;;
  run)
    command -v janus >/dev/null 2>&1 || missing
    render "$run_dir/config"
    exec janus -F "$run_dir/config" --disable-colors
    ;;
  stop)
    if pid=$(running_pid); then
      kill -TERM "$pid"
      for _ in $(seq 1 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
      rm -f "$pid_file"
      echo "→ Janus arrêté"
    fi
    ;;
  status)
    if answers; then echo "Janus répond sur http://$bind_ip:$http_port/janus"; else
      echo "Janus ne répond pas sur http://$bind_ip:$http_port/janus"; exit 1; fi
    ;;
  *)
    echo "usage : $0 start|run|stop|status|render DIR" >&2
    exit 2
    ;;
esac
