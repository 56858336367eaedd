"""The console's presence writes (usine/schools/console.py): a process marks all its pupils seen
in one write, and gone only those no other process marked seen since they left."""

import datetime

import pytest
from django.utils import timezone

from tests.exhibits.factories import CompanyFactory
from tests.fair.factories import BuildingFactory
from usine.exhibits.models import Sector
from usine.schools import console
from usine.schools.models import BuildingVisit, SeatClaim

from .helpers import booked_class, seated_session

pytestmark = pytest.mark.django_db


def test_a_process_marks_its_pupils_seen_in_batches_and_no_one_else(
    django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(console, "PRESENCE_BATCH", 2)
    pupils = list(booked_class(pupils=4).school_class.pupils.order_by("pk"))
    for pupil in pupils:
        seated_session(pupil)
    now = timezone.now()
    with django_assert_num_queries(2):
        console.seen_all(pupil_ids=[pupil.pk for pupil in pupils[:3]], now=now)
    seen = dict(SeatClaim.objects.values_list("pupil_id", "last_seen_at"))
    assert seen == {**{pupil.pk: now for pupil in pupils[:3]}, pupils[3].pk: None}


def test_a_pupil_seen_elsewhere_since_it_left_stays_seen():
    pupils = list(booked_class(pupils=2).school_class.pupils.order_by("pk"))
    for pupil in pupils:
        seated_session(pupil)
    left_at = timezone.now()
    before, after = left_at - datetime.timedelta(seconds=5), left_at + datetime.timedelta(seconds=1)
    console.seen_all(pupil_ids=[pupils[0].pk], now=before)
    console.seen_all(pupil_ids=[pupils[1].pk], now=after)  # its bar in another process
    console.gone_all(pupil_ids=[pupil.pk for pupil in pupils], left_at=left_at)
    seen = dict(SeatClaim.objects.values_list("pupil_id", "last_seen_at"))
    assert seen == {pupils[0].pk: None, pupils[1].pk: after}


def test_the_console_s_rows_come_from_one_query_with_stamps_and_sectors(django_assert_num_queries):
    booking = booked_class(pupils=2)
    first, second = booking.school_class.pupils.order_by("pseudonym")
    edition, now = booking.school_class.edition, timezone.now()
    sectors = [Sector.METALLURGY, Sector.METALLURGY, Sector.ENERGY, Sector.CHEMISTRY, Sector.ENERGY]
    buildings = [
        BuildingFactory(edition=edition, company=CompanyFactory(sector=sector))
        for sector in sectors
    ]
    for building in buildings:  # five stamps in three sectors: the passport is complete
        BuildingVisit.objects.create(pupil=first, building=building, seconds=90, stamped_at=now)
    # Not stamped yet: neither a stamp nor a sector.
    BuildingVisit.objects.create(pupil=second, building=buildings[2], seconds=10)
    seated_session(first)
    SeatClaim.objects.filter(pupil=first).update(last_seen_at=now, building=buildings[0])
    with django_assert_num_queries(1):
        rows = console.presence(booking=booking, now=now)
    assert rows == [
        {
            "id": first.pk,
            "pseudonym": "Grue Rapide 1",
            "claimed": True,
            "connected": True,
            "building": buildings[0].name,
            "stamps": 5,
            "sectors": 3,
            "complete": True,
        },
        {
            "id": second.pk,
            "pseudonym": "Grue Rapide 2",
            "claimed": False,
            "connected": False,
            "building": "",
            "stamps": 0,
            "sectors": 0,
            "complete": False,
        },
    ]
