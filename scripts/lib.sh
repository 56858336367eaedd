# Sourced by the other scripts: the project's root as working folder, and its uv and Python
# commands, found by full path (scripts/uv.sh) so that nothing assumes uv is on the PATH.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
UV=${UV:-$("$root/scripts/uv.sh")}
PY="$UV run --frozen"
export UV
