import datetime

import pytest

from tests.demo.loading import PARIS
from tests.fair.factories import EditionFactory
from usine.demo.slots import create_demo_slots, running_start
from usine.fair.models import SessionSlot
from usine.schools import session_clock


@pytest.mark.parametrize(
    ("now", "starts"),
    [
        (datetime.datetime(2025, 11, 19, 10, 7, tzinfo=PARIS), (9, 45)),
        (datetime.datetime(2025, 11, 19, 10, 0, tzinfo=PARIS), (9, 45)),
        (datetime.datetime(2025, 11, 19, 10, 14, 59, tzinfo=PARIS), (9, 45)),
        (datetime.datetime(2025, 11, 19, 10, 15, tzinfo=PARIS), (10, 0)),
        (datetime.datetime(2025, 6, 18, 16, 40, tzinfo=PARIS), (16, 15)),  # summer time
        (datetime.datetime(2025, 11, 19, 9, 7, tzinfo=datetime.UTC), (9, 45)),  # 10:07 in Paris
    ],
)
def test_the_session_in_progress_started_a_quarter_before_the_last_quarter_hour(now, starts):
    start = running_start(now)
    assert start.astimezone(PARIS).date() == now.astimezone(PARIS).date()
    assert start.astimezone(PARIS).time() == datetime.time(*starts)
    assert session_clock.clock_for(slot=SessionSlot(starts_at=start), now=now).phase == (
        session_clock.EXPLORING
    )


@pytest.mark.django_db
def test_demo_slots_cover_the_five_days_four_times_a_day():
    # Monday 22 to Friday 26 November 2021.
    edition = EditionFactory(slug="salon-2021")
    assert create_demo_slots(edition=edition) == 20
    assert create_demo_slots(edition=edition) == 0
    days = {slot.starts_at.astimezone(PARIS).date() for slot in SessionSlot.objects.all()}
    assert len(days) == 5
