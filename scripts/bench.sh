#!/usr/bin/env bash
# Runs one benchmark (bench/NAME.py) or all of them, each ending with a RESULT line.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
scripts/ensure-packages.sh $(cat scripts/test-packages.txt)
if [ $# -gt 0 ] && [ -n "$1" ]; then
  names=("$1")
else
  # A benchmark is a file that prints a RESULT line; the others are its floors, baselines and
  # settings, started by the benchmarks themselves with their arguments.
  names=($(grep -l 'f"RESULT ' bench/*.py | xargs -n1 basename | sed 's/\.py$//'))
fi
for name in "${names[@]}"; do
  echo "== bench/$name.py =="
  $PY python "bench/$name.py"
done
