#!/usr/bin/env bash
# The whole suite: installs what the tests need, runs everything on SQLite (browser tests in a
# real Chromium included), then the database tests again on a real PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="uv run --frozen"

scripts/ensure-packages.sh $(cat scripts/test-packages.txt)

pgdir=$(mktemp -d /tmp/usine-pg.XXXXXX)
trap 'scripts/postgres.sh stop "$pgdir"' EXIT
pgport=$(( 54000 + RANDOM % 900 ))
pgurl=$(scripts/postgres.sh start "$pgdir" "$pgport")
export USINE_TEST_POSTGRES_URL=$pgurl
export USINE_DATA_DIR=${USINE_DATA_DIR:-$(mktemp -d /tmp/usine-test-data.XXXXXX)}

status=0
echo "== suite on SQLite (with the browser tests) =="
$PY pytest -p no:cacheprovider "$@" || status=$?
echo "== suite on PostgreSQL ($pgurl) =="
DATABASE_URL=$pgurl $PY pytest -p no:cacheprovider -m "not browser" "$@" || status=$?
# pytest exits 5 when nothing was collected: that is a failure of the suite too.
exit $status
