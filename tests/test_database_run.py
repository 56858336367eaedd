"""The choice of the tests that run again on PostgreSQL (tests/database_run.py)."""

import contextlib
import json
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import Group, User
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Max

from tests import database_run
from usine.fair.models import Edition


@pytest.fixture
def watch():
    database_run.install()
    database_run.WATCH.reason = None
    yield database_run.WATCH
    database_run.WATCH.reason = None


@pytest.mark.django_db
def test_plain_reads_and_writes_through_the_orm_are_not_noted(watch):
    group = Group.objects.create(name="Atelier")
    group.name = "Atelier de soudure"
    group.save()
    assert Group.objects.get(pk=group.pk).name == "Atelier de soudure"
    assert Group.objects.filter(name__in=["Atelier de soudure"]).count() == 1
    assert list(User.objects.filter(groups=group).order_by("username")) == []
    group.delete()
    assert watch.reason is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "reason"),
    [
        (lambda: list(Group.objects.select_for_update()), "a lock (select_for_update)"),
        (lambda: Group.objects.aggregate(Max("id")), "SQL: MAX in SELECT MAX("),
        (lambda: list(Group.objects.filter(name__contains="é")), "SQL: LIKE in SELECT"),
        (lambda: list(Group.objects.values("name").distinct()), "SQL: DISTINCT in SELECT"),
        (lambda: list(Group.objects.filter(name="a\x00b")), "a NUL character"),
        (lambda: list(Edition.objects.filter(id__gt=2**31)), "an integer past 32 bits"),
        (lambda: Group.objects.create(name="x" * 151), "a string longer than 150 (name)"),
        (lambda: list(User.objects.order_by("last_login")), "ordering on a nullable column"),
        (lambda: Group.objects.bulk_create([Group(name="a")]), "a bulk write"),
    ],
)
def test_what_can_differ_on_postgresql_is_noted(watch, query, reason):
    # PostgreSQL refuses some of these (a NUL, a string too long): noted all the same.
    with contextlib.suppress(DatabaseError, ValueError), transaction.atomic():
        query()
    assert watch.reason is not None
    assert watch.reason.startswith(reason), watch.reason


@pytest.mark.django_db
def test_a_database_error_is_noted(watch):
    Group.objects.create(name="Atelier")
    with pytest.raises(IntegrityError), transaction.atomic():
        Group.objects.create(name="Atelier")
    assert watch.reason == "a database error (IntegrityError)"


@dataclass
class Item:
    """What kept_on_postgres reads of a pytest item."""

    nodeid: str
    fixturenames: list = field(default_factory=lambda: ["db"])
    markers: dict = field(default_factory=dict)

    def get_closest_marker(self, name):
        return self.markers.get(name)


@dataclass
class Marker:
    kwargs: dict = field(default_factory=dict)


def test_the_run_on_postgresql_keeps_what_differs_and_what_sqlite_did_not_see(
    tmp_path, monkeypatch
):
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps({"t::plain": None, "t::locks": "a lock (select_for_update)"}))
    monkeypatch.setenv(database_run.LIST_VARIABLE, str(listed))
    items = [
        plain := Item("t::plain"),
        locks := Item("t::locks"),
        new := Item("t::new"),
        no_database := Item("t::pure", fixturenames=["tmp_path"]),
        races := Item("t::races", markers={"django_db": Marker({"transaction": True})}),
        marked := Item("t::marked", markers={"postgres": Marker()}),
    ]
    # Seen without a difference, but marked or transactional: kept all the same.
    listed.write_text(json.dumps({**json.loads(listed.read_text()), "t::races": None}))
    listed.write_text(json.dumps({**json.loads(listed.read_text()), "t::marked": None}))

    kept, left, why = database_run.kept_on_postgres(items)

    assert kept == [locks, new, races, marked]
    assert left == [plain, no_database]
    assert why.startswith("2 tests left out")


def test_without_the_list_every_database_test_runs_on_postgresql(tmp_path, monkeypatch):
    monkeypatch.setenv(database_run.LIST_VARIABLE, str(tmp_path / "missing.json"))
    items = [plain := Item("t::plain"), no_database := Item("t::pure", fixturenames=[])]

    kept, left, why = database_run.kept_on_postgres(items)

    assert (kept, left) == ([plain], [no_database])
    assert why.startswith("no list of the run on SQLite")


@pytest.mark.django_db
def test_a_fixtures_unwatched_work_is_not_noted_but_what_follows_is(watch):
    with database_run.unwatched():
        Group.objects.bulk_create([Group(name="a")])
    assert watch.reason is None
    list(Group.objects.select_for_update())
    assert watch.reason == "a lock (select_for_update)"
