#!/usr/bin/env bash
# Installs the given Debian packages when they are absent: as root, or with a sudo that needs no
# password. Otherwise says, one line per package, what is missing and exits 1: the caller decides
# whether that stops it (`make test`) or only turns a part of the fair off (`make run`).
set -euo pipefail
needed=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "✗ pas de gestionnaire de paquets Debian : installez vous-même $*" >&2
  exit 1
fi
for pkg in "$@"; do have "$pkg" || needed+=("$pkg"); done
[ ${#needed[@]} -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    for pkg in "${needed[@]}"; do
      echo "✗ paquet absent : $pkg (en root : apt-get install $pkg)" >&2
    done
    exit 1
  fi
fi
echo "→ installation de : ${needed[*]}"
$SUDO apt-get update -q -o DPkg::Lock::Timeout=600 >/dev/null
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q \
  --no-install-recommends "${needed[@]}" >/dev/null
