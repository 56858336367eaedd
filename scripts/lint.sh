#!/usr/bin/env bash
# ruff, formatting then lint: part of `make test`, and `make lint` on its own.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
$PY ruff format --check --quiet .
$PY ruff check --quiet .
