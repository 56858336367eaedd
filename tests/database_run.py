"""Which database tests run a second time on PostgreSQL — decided here, and only here.

`make test` runs the suite on SQLite, then the database tests again on PostgreSQL. A test whose
queries are plain reads and writes through the ORM (rows by key, filters by equality, joins,
counts, ordering on columns without NULLs) proves the same thing on both: Django writes the same
query for each and the test cluster collates in C.UTF-8, SQLite's byte order. What can differ is
watched during the run on SQLite, test by test, and the tests that did any of it are listed for
the run on PostgreSQL:

- a lock (`select_for_update`: SQLite takes none), a query of another process on the same
  database (`tests.servers.process_env`), a database error (a constraint, a type refused);
- SQL whose meaning differs between the two: aggregation, grouping, DISTINCT, set operations,
  database functions (SQLite's own `django_*` date functions included), CASE, CAST, LIKE (SQLite
  folds the case of ASCII letters only), JSON, upserts, window functions, schema changes;
- many rows at once (`bulk_create`, `bulk_update`, `executemany`);
- values PostgreSQL refuses where SQLite takes them: a NUL character, an integer past 32 bits, a
  string longer than its column's `max_length`;
- ordering on a nullable column (SQLite puts NULLs first, PostgreSQL last).

Creating the test database is nobody's doing, and a fixture may do its work `unwatched()` when
other tests do the same work in their own body (the demo's load).

Transactional tests (`transaction=True`, `transactional_db`, `live_server`: threads, races,
commits) and tests marked `postgres` always run on both, and so does every database test the run
on SQLite did not see (a new test, a run stopped early, a run of a single file). Without the list
(`USINE_TEST_POSTGRES_LIST` unset or no such file) every database test runs on PostgreSQL.
"""

import json
import os
import re
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

LIST_VARIABLE = "USINE_TEST_POSTGRES_LIST"
INT32 = range(-(2**31), 2**31)
# Identifiers are quoted by Django: a column named "max" or "case" is no function.
QUOTED = re.compile(r'"[^"]*"')
DIFFERING_SQL = re.compile(
    r"\b(GROUP BY|HAVING|DISTINCT|UNION|INTERSECT|EXCEPT|CASE|CAST|LIKE|GLOB|REGEXP|ON CONFLICT"
    r"|OVER|CREATE|ALTER|DROP|django_\w+|JSON\w*"
    r"|(SUM|AVG|MAX|MIN|TOTAL|COALESCE|NULLIF|LOWER|UPPER|LENGTH|SUBSTR|REPLACE|INSTR|ABS|ROUND"
    r"|RANDOM|STDDEV\w*|VAR\w*)\s*\()",
    re.IGNORECASE,
)


class Watch:
    """What the running test did that can differ on PostgreSQL (its first reason)."""

    def __init__(self) -> None:
        self.reason: str | None = None
        self.paused = 0
        self.installed = False
        self._lock = threading.Lock()

    def note(self, reason: str) -> None:
        if self.paused:
            return
        with self._lock:
            self.reason = self.reason or reason

    @property
    def watching(self) -> bool:
        return self.reason is None and not self.paused


WATCH = Watch()


@contextmanager
def unwatched():
    """For a fixture whose work is proven on PostgreSQL by the tests that do it in their own
    body (the demo's load, `tests/demo/conftest.py`): what each test then asks stays watched."""
    WATCH.paused += 1
    try:
        yield
    finally:
        WATCH.paused -= 1


def note(reason: str) -> None:
    """For helpers that know they do something the ORM cannot see (another process)."""
    WATCH.note(reason)


def reason_of_query(sql: str, params, *, many: bool) -> str | None:
    if many:
        return "many rows at once (executemany)"
    found = DIFFERING_SQL.search(QUOTED.sub("", sql))
    if found:
        return f"SQL: {found.group(1).rstrip('( ')} in {sql[:160]}"
    for value in params.values() if isinstance(params, dict) else params or ():
        if isinstance(value, str) and "\x00" in value:
            return "a NUL character"
        if isinstance(value, int) and not isinstance(value, bool) and value not in INT32:
            return "an integer past 32 bits"
    return None


def install() -> None:
    """Watches every query of this process (any thread) for the rest of the session."""
    if WATCH.installed:
        return
    WATCH.installed = True
    from django.db import Error
    from django.db.backends.utils import CursorWrapper
    from django.db.models import CharField, QuerySet
    from django.db.models.expressions import Col
    from django.db.models.sql.compiler import SQLCompiler

    execute = CursorWrapper._execute_with_wrappers

    def watched_execute(self, sql, params, many, executor):
        if WATCH.watching and (reason := reason_of_query(sql, params, many=many)):
            WATCH.note(reason)
        try:
            return execute(self, sql, params, many, executor)
        except (Error, self.db.Database.Error) as error:
            WATCH.note(f"a database error ({type(error).__name__})")
            raise

    def watched(method, reason):
        def call(*args, **kwargs):
            WATCH.note(reason)
            return method(*args, **kwargs)

        return call

    get_prep_value = CharField.get_prep_value

    def watched_get_prep_value(self, value):
        value = get_prep_value(self, value)
        too_long = isinstance(value, str) and self.max_length and len(value) > self.max_length
        if WATCH.watching and too_long:
            WATCH.note(f"a string longer than {self.max_length} ({self.name})")
        return value

    get_order_by = SQLCompiler.get_order_by

    def nullable_columns(expression):
        if isinstance(expression, Col) and expression.target.null:
            yield expression
        for source in expression.get_source_expressions():
            if source is not None:
                yield from nullable_columns(source)
        if hasattr(expression, "source"):  # Ref: an ordering by an annotation
            yield from nullable_columns(expression.source)

    def watched_get_order_by(self):
        ordering = get_order_by(self)
        if WATCH.watching:
            for expression, _sql in ordering:
                explicit = getattr(expression, "nulls_first", None) or getattr(
                    expression, "nulls_last", None
                )
                if not explicit and any(True for _ in nullable_columns(expression)):
                    WATCH.note("ordering on a nullable column")
                    break
        return ordering

    CursorWrapper._execute_with_wrappers = watched_execute
    QuerySet.select_for_update = watched(QuerySet.select_for_update, "a lock (select_for_update)")
    QuerySet.bulk_create = watched(QuerySet.bulk_create, "a bulk write (bulk_create)")
    QuerySet.bulk_update = watched(QuerySet.bulk_update, "a bulk write (bulk_update)")
    CharField.get_prep_value = watched_get_prep_value
    SQLCompiler.get_order_by = watched_get_order_by


def always_on_postgres(item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(
        item.get_closest_marker("postgres")
        or (marker and marker.kwargs.get("transaction"))
        or fixtures & {"transactional_db", "live_server"}
    )


class Recorder:
    """Run on SQLite: lists, for the run on PostgreSQL, what each test did."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.seen: dict[str, str | None] = {}

    @pytest.hookimpl(hookwrapper=True)
    def pytest_fixture_setup(self, fixturedef, request):
        # Creating the test database (migrations) belongs to no test.
        setup = fixturedef.argname == "django_db_setup"
        WATCH.paused += setup
        yield
        WATCH.paused -= setup

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item, nextitem):
        WATCH.reason = None
        yield
        self.seen[item.nodeid] = WATCH.reason
        WATCH.reason = None

    def pytest_sessionfinish(self, session):
        self.path.write_text(json.dumps(self.seen, indent=0, sort_keys=True))


def recorder(config) -> Recorder | None:
    """The recorder for a run on SQLite asked to list the tests for PostgreSQL, or None."""
    path = os.environ.get(LIST_VARIABLE)
    if not path or os.environ.get("USINE_TEST_DATABASE_ONLY") == "1":
        return None
    install()
    return Recorder(Path(path))


def kept_on_postgres(items) -> tuple[list, list, str]:
    """(kept, left, why): the database tests that run on PostgreSQL, the others, and a line
    saying how the choice was made."""
    path = os.environ.get(LIST_VARIABLE)
    listed = json.loads(Path(path).read_text()) if path and Path(path).exists() else None
    kept, left = [], []
    for item in items:
        if not uses_the_database(item):
            left.append(item)
        elif listed is None or always_on_postgres(item) or listed.get(item.nodeid, "unseen"):
            kept.append(item)
        else:
            left.append(item)
    if listed is None:
        why = f"no list of the run on SQLite ({LIST_VARIABLE}): every database test runs"
    else:
        why = (
            f"{len(left)} tests left out: no database, or only queries that SQLite and "
            "PostgreSQL answer alike in the run on SQLite (tests/database_run.py)"
        )
    return kept, left, why


def uses_the_database(item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(
        item.get_closest_marker("django_db") or fixtures & {"db", "transactional_db", "live_server"}
    )
