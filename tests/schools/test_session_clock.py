import datetime

import pytest

from tests.fair.factories import SessionSlotFactory
from usine.schools import session_clock

pytestmark = pytest.mark.django_db

START = datetime.datetime(2031, 11, 24, 8, 30, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("minutes", "phase", "may_join"),
    [
        (-16, session_clock.BEFORE, False),
        (-15, session_clock.WAITING, True),
        (0, session_clock.EXPLORING, True),
        (59, session_clock.EXPLORING, True),
        (60, session_clock.LIVE, True),
        (89, session_clock.LIVE, True),
        (90, session_clock.OVER, False),
    ],
)
def test_the_phase_follows_the_slot_and_the_server_clock(minutes, phase, may_join):
    slot = SessionSlotFactory(starts_at=START)
    clock = session_clock.clock_for(slot=slot, now=START + datetime.timedelta(minutes=minutes))
    assert clock.phase == phase
    assert clock.may_join is may_join


def test_seconds_to_the_move_count_down_to_minute_60_then_stay_at_zero():
    slot = SessionSlotFactory(starts_at=START)
    clock = session_clock.clock_for(
        slot=slot, now=START + datetime.timedelta(minutes=59, seconds=50)
    )
    assert clock.seconds_to_move == 10.0
    late = session_clock.clock_for(slot=slot, now=START + datetime.timedelta(minutes=70))
    assert late.seconds_to_move == 0.0


def test_the_clock_json_carries_the_server_now_and_the_hour_end():
    slot = SessionSlotFactory(starts_at=START)
    now = START + datetime.timedelta(minutes=5)
    assert session_clock.clock_for(slot=slot, now=now).as_json() == {
        "now": "2031-11-24T08:35:00+00:00",
        "starts_at": "2031-11-24T08:30:00+00:00",
        "explore_ends_at": "2031-11-24T09:30:00+00:00",
        "ends_at": "2031-11-24T10:00:00+00:00",
        "phase": "exploring",
    }
