"""The demo's week of figures: loaded during the fair, only what already happened."""

import datetime

import pytest
from django.utils import timezone

from tests.fair.factories import BuildingFactory, EditionFactory
from usine.demo import figures
from usine.insights.models import ClosedDay, DailyVisitors, Event

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2031, 11, 24)


def test_loaded_on_the_wednesday_the_week_stops_now_and_today_stays_open():
    edition = EditionFactory(starts_on=MONDAY, ends_on=MONDAY + datetime.timedelta(days=4))
    BuildingFactory(edition=edition)
    wednesday = MONDAY + datetime.timedelta(days=2)
    now = timezone.make_aware(datetime.datetime.combine(wednesday, datetime.time(11)))
    assert figures.create_week(edition=edition, now=now) > 0
    days = sorted(set(DailyVisitors.objects.values_list("day", flat=True)))
    assert days == [MONDAY, MONDAY + datetime.timedelta(days=1), wednesday]
    assert sorted(ClosedDay.objects.values_list("day", flat=True)) == days[:2]
    # Wednesday morning's raw events wait for the day's later visits (one count per visitor).
    kept = list(Event.objects.values_list("at", flat=True))
    assert {timezone.localdate(at) for at in kept} == {wednesday}
    assert max(kept) <= now
