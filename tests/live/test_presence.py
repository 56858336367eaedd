"""Room presence written for a whole process at once (usine/live/presence.py `mark_all`)."""

import datetime

import pytest

from tests.schools.factories import BookingFactory, PupilFactory
from tests.schools.helpers import seated_session
from tests.users.factories import UserFactory
from usine.live import presence
from usine.live.access import ORGANIZER, PUPIL, TEACHER, Member
from usine.live.models import LiveRoom, RoomPresence
from usine.schools.models import SeatClaim

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2031, 11, 24, 9, 0, tzinfo=datetime.UTC)


def test_a_process_marks_its_members_seen_and_gone_in_three_statements(
    django_assert_num_queries,
):
    rooms = [LiveRoom.objects.create(booking=BookingFactory()) for _ in range(2)]
    pupils = [PupilFactory(school_class=rooms[0].booking.school_class) for _ in range(3)]
    for pupil in pupils:
        seated_session(pupil)
    teacher, organizer, leaving = UserFactory(), UserFactory(), UserFactory()
    presence.seen(room_id=rooms[0].pk, member=Member(TEACHER, user_id=teacher.pk), now=NOW)
    presence.seen(room_id=rooms[1].pk, member=Member(ORGANIZER, user_id=leaving.pk), now=NOW)
    later = NOW + datetime.timedelta(seconds=15)
    seen = {
        *((rooms[0].pk, Member(PUPIL, pupil_id=pupil.pk)) for pupil in pupils[:2]),
        (rooms[0].pk, Member(TEACHER, user_id=teacher.pk)),
        (rooms[0].pk, Member(ORGANIZER, user_id=organizer.pk)),
        (rooms[1].pk, Member(ORGANIZER, user_id=organizer.pk)),
    }
    gone = {(rooms[1].pk, Member(ORGANIZER, user_id=leaving.pk))}
    with django_assert_num_queries(3):  # the seats, the adults seen, the adults gone
        presence.mark_all(seen=seen, gone=gone, now=later)
    assert dict(SeatClaim.objects.values_list("pupil_id", "last_seen_at")) == {
        pupils[0].pk: later,
        pupils[1].pk: later,
        pupils[2].pk: None,
    }
    assert set(RoomPresence.objects.values_list("room_id", "user_id", "role", "last_seen_at")) == {
        (rooms[0].pk, teacher.pk, TEACHER, later),
        (rooms[0].pk, organizer.pk, ORGANIZER, later),
        (rooms[1].pk, organizer.pk, ORGANIZER, later),
        (rooms[1].pk, leaving.pk, ORGANIZER, None),
    }
