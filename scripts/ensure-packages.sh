#!/usr/bin/env bash
# Installs the Debian packages the tests need when they are absent (run as root; CI runs as root).
set -euo pipefail
needed=()
have() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for pkg in "$@"; do have "$pkg" || needed+=("$pkg"); done
[ ${#needed[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "→ installation de : ${needed[*]}"
$SUDO apt-get update -q -o DPkg::Lock::Timeout=600 >/dev/null
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "${needed[@]}" >/dev/null
