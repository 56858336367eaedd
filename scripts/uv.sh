#!/usr/bin/env bash
# Prints the path of the uv this project uses: the one on the PATH when there is one, else the one
# installed once into .tools/uv (with pip's --target, which Debian's externally-managed Python
# allows and which needs neither ~/.local/bin on the PATH nor a virtual environment).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=0.13.9
if found=$(command -v uv 2>/dev/null); then
  echo "$found"
  exit 0
fi
local_uv=$root/.tools/uv/bin/uv
if [ -x "$local_uv" ]; then
  echo "$local_uv"
  exit 0
fi
python=$(command -v python3.11 2>/dev/null || command -v python3 2>/dev/null) || {
  echo "✗ Python 3.11 est absent : installez-le (Debian 12 : apt-get install python3)" >&2
  exit 1
}
if ! "$python" -m pip --version >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    "$root/scripts/ensure-packages.sh" python3-pip >&2
  else
    echo "✗ pip est absent pour $python : installez-le (Debian : apt-get install python3-pip)" \
      "ou installez uv (https://docs.astral.sh/uv/)" >&2
    exit 1
  fi
fi
echo "→ installation de uv $version dans .tools/uv" >&2
rm -rf "$root/.tools/uv.partial"
"$python" -m pip install --quiet --disable-pip-version-check --no-warn-script-location \
  --target "$root/.tools/uv.partial" "uv==$version" 2> >(grep -v -e "is ignored: it is neither" -e "Running pip as the 'root' user" >&2)
mv "$root/.tools/uv.partial" "$root/.tools/uv"
echo "$local_uv"
