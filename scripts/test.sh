#!/usr/bin/env bash
# The whole suite: installs what the tests need, runs ruff, then every test on SQLite (browser
# tests in a real Chromium included), then again on a real PostgreSQL the database tests whose
# result can differ there, as the run on SQLite saw them (tests/database_run.py). A tool the tests
# need and cannot find fails them: nothing is skipped.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
started_at=$SECONDS

scripts/ensure-packages.sh $(cat scripts/test-packages.txt)

echo "== ruff (format, lint) =="
scripts/lint.sh

pgdir=$(mktemp -d /tmp/usine-pg.XXXXXX)
trap 'scripts/postgres.sh stop "$pgdir"' EXIT
pgport=$(( 54000 + RANDOM % 900 ))
pgurl=$(scripts/postgres.sh start "$pgdir" "$pgport")
export USINE_TEST_POSTGRES_URL=$pgurl
export USINE_DATA_DIR=${USINE_DATA_DIR:-$(mktemp -d /tmp/usine-test-data.XXXXXX)}
# Written by the run on SQLite (each database test, and why it must run on PostgreSQL too), read
# by the run on PostgreSQL; none left from an earlier run.
export USINE_TEST_POSTGRES_LIST=$USINE_DATA_DIR/tests-for-postgres.json
rm -f "$USINE_TEST_POSTGRES_LIST"

status=0
echo "== suite on SQLite (with the browser tests) =="
$PY pytest -p no:cacheprovider "$@" || status=$?
echo "== database tests that can differ, on PostgreSQL ($pgurl) =="
DATABASE_URL=$pgurl USINE_TEST_DATABASE_ONLY=1 $PY pytest -p no:cacheprovider -m "not browser" "$@" || status=$?
# pytest exits 5 when nothing was collected: that is a failure of the suite too.
elapsed=$((SECONDS - started_at))
printf '== make test: %d min %02d s on this machine (%s cores) ==\n' \
  $((elapsed / 60)) $((elapsed % 60)) "$(nproc)"
exit $status
