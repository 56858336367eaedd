#!/usr/bin/env bash
# Runs one benchmark (bench/NAME.py) or all of them, each ending with a RESULT line.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
scripts/ensure-packages.sh $(cat scripts/test-packages.txt)
if [ $# -gt 0 ] && [ -n "$1" ]; then
  names=("$1")
else
  names=($(ls bench/*.py | xargs -n1 basename | grep -v '^_' | sed 's/\.py$//'))
fi
for name in "${names[@]}"; do
  echo "== bench/$name.py =="
  $PY python "bench/$name.py"
done
