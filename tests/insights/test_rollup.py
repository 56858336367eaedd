import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from tests.fair.factories import BuildingFactory, open_edition
from tests.insights.factories import EventFactory, local
from usine.insights import rollup
from usine.insights.models import (
    ClosedDay,
    DailyCount,
    DailySalt,
    DailyVisitors,
    Event,
    HourlyCount,
    Kind,
    RollupMark,
    VisitorKind,
)

pytestmark = pytest.mark.django_db


def test_a_day_rolls_up_by_facts_hours_and_distinct_visitors():
    edition = open_edition()
    building = BuildingFactory(edition=edition)
    for visitor, hour in [("a", 9), ("a", 9), ("b", 9), ("a", 10)]:
        EventFactory(
            kind=Kind.BUILDING, building=building, visitor=visitor, at=local(2026, 12, 1, hour)
        )
    EventFactory(
        kind=Kind.PAGE, visitor="c", visitor_kind=VisitorKind.PUPIL, at=local(2026, 12, 1, 9)
    )

    assert rollup.roll_up(now=local(2026, 12, 1, 11)) == [datetime.date(2026, 12, 1)]

    visits = DailyCount.objects.get(kind=Kind.BUILDING)
    assert (visits.building, visits.events, visits.visitors) == (building, 4, 2)
    hours = {
        (timezone.localtime(h.hour).hour, h.visitor_kind): (h.events, h.visitors)
        for h in HourlyCount.objects.all()
    }
    assert hours == {(9, "public"): (3, 2), (10, "public"): (1, 1), (9, "pupil"): (1, 1)}
    days = dict(DailyVisitors.objects.values_list("visitor_kind", "visitors"))
    assert days == {"public": 2, "pupil": 1}
    # Today stays raw: later events of the day still meet the same hashes.
    assert Event.objects.count() == 5


def test_rolling_today_again_adds_its_new_events():
    EventFactory(visitor="a", at=local(2026, 12, 1, 9))
    rollup.roll_up(now=local(2026, 12, 1, 10))
    EventFactory(visitor="b", at=local(2026, 12, 1, 10))
    rollup.roll_up(now=local(2026, 12, 1, 11))
    assert list(DailyCount.objects.values_list("events", "visitors")) == [(2, 2)]
    assert list(DailyVisitors.objects.values_list("visitors", flat=True)) == [2]


def test_each_run_adds_only_new_events_and_counts_a_visitor_once_per_row():
    building = BuildingFactory(edition=open_edition())
    EventFactory(visitor="a", at=local(2026, 12, 1, 9))
    rollup.roll_up(now=local(2026, 12, 1, 9, 30))
    # "a" again (same page, same hour), "a" in a building, and a newcomer.
    EventFactory(visitor="a", at=local(2026, 12, 1, 9, 10))
    EventFactory(visitor="a", kind=Kind.BUILDING, building=building, at=local(2026, 12, 1, 9))
    EventFactory(visitor="b", at=local(2026, 12, 1, 10))
    rollup.roll_up(now=local(2026, 12, 1, 10, 30))
    rollup.roll_up(now=local(2026, 12, 1, 10, 31))  # nothing new: nothing added

    counts = {row.kind: (row.events, row.visitors) for row in DailyCount.objects.all()}
    assert counts == {"page": (3, 2), "building": (1, 1)}
    hours = {
        timezone.localtime(h.hour).hour: (h.events, h.visitors) for h in HourlyCount.objects.all()
    }
    assert hours == {9: (3, 1), 10: (1, 1)}
    assert list(DailyVisitors.objects.values_list("visitors", flat=True)) == [2]
    assert RollupMark.objects.get().last_event == Event.objects.order_by("-pk")[0].pk


@pytest.mark.django_db(transaction=True)
def test_concurrent_runs_add_each_event_once():
    for number in range(40):
        EventFactory(visitor=f"v{number % 12}", at=local(2026, 12, 1, 9 + number % 3))
    barrier = threading.Barrier(4)
    errors = []

    def run():
        try:
            barrier.wait()
            rollup.roll_up(now=local(2026, 12, 1, 12))
        except Exception as error:  # reported below, with the counts
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert list(DailyCount.objects.values_list("events", "visitors")) == [(40, 12)]
    assert sorted(HourlyCount.objects.values_list("events", flat=True)) == [13, 13, 14]
    assert list(DailyVisitors.objects.values_list("visitors", flat=True)) == [12]


def test_a_past_day_is_closed_its_raw_events_and_salt_deleted():
    DailySalt.objects.create(day=datetime.date(2026, 12, 1), salt="x" * 64)
    DailySalt.objects.create(day=datetime.date(2026, 12, 2), salt="y" * 64)
    EventFactory(visitor="a", at=local(2026, 12, 1, 9))
    EventFactory(visitor="a", at=local(2026, 12, 1, 15))

    rollup.roll_up(now=local(2026, 12, 2, 8))

    assert Event.objects.count() == 0
    assert list(DailySalt.objects.values_list("day", flat=True)) == [datetime.date(2026, 12, 2)]
    assert ClosedDay.objects.filter(day=datetime.date(2026, 12, 1)).exists()
    assert list(DailyCount.objects.values_list("events", "visitors")) == [(2, 1)]


def test_late_events_of_a_closed_day_are_added_not_replacing():
    EventFactory(visitor="a", at=local(2026, 12, 1, 23, 59))
    rollup.roll_up(now=local(2026, 12, 2, 0, 1))
    EventFactory(visitor="b", at=local(2026, 12, 1, 23, 59))  # a buffer written late
    rollup.roll_up(now=local(2026, 12, 2, 0, 2))
    assert sum(DailyCount.objects.values_list("events", flat=True)) == 2
    assert list(DailyVisitors.objects.values_list("visitors", flat=True)) == [1]


def test_roll_up_if_due_runs_once_per_period(settings):
    settings.INSIGHTS_ROLLUP_SECONDS = 60
    from django.core.cache import cache

    cache.delete(rollup.DUE_KEY)
    assert rollup.roll_up_if_due() is True
    assert rollup.roll_up_if_due() is False
