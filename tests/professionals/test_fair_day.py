"""The organizers' fair-day console (usine/professionals/fair_day.py): each class's state and
the alerts at the right minutes, on the shared small edition (world.py; its first slot starts
Monday 24 November 2031 at 08:30 UTC, its exchange at 09:30)."""

import datetime

import pytest

from tests.schools.factories import BookingFactory, PupilFactory, SchoolClassFactory
from usine.live import presence
from usine.live.access import ORGANIZER, PROFESSIONAL, TEACHER, Member
from usine.live.models import LiveRoom, Question
from usine.professionals import fair_day
from usine.schools.models import SeatClaim

from .test_schedule import solve_now
from .world import build_world

UTC = datetime.UTC


def at(hour, minute):
    return datetime.datetime(2031, 11, 24, hour, minute, tzinfo=UTC)


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    world = build_world()
    solve_now(world, django_capture_on_commit_callbacks)
    return world


def alerts(world, now):
    view = fair_day.overview(edition=world.edition, now=now)
    names = {b.pk: name for name, b in world.bookings.items()}
    return sorted((a.kind, names.get(a.booking_id, a.booking_id)) for a in view.alerts)


def row_of(view, booking):
    return next(r for s in view.slots for r in s.classes if r.booking.pk == booking.pk)


@pytest.mark.django_db
def test_today_lists_the_day_slots_and_their_classes(world):
    view = fair_day.overview(edition=world.edition, now=at(8, 0))
    assert [s.slot for s in view.slots] == world.slots[:2]  # Tuesday's is another day
    assert [[r.booking.school_class.name for r in s.classes] for s in view.slots] == [
        ["3e c1", "3e c2"],
        ["3e c3"],
    ]
    assert row_of(view, world.bookings["c1"]).professional == world.pros["alice"]
    assert view.as_json()["slots"][0]["classes"][0]["professional"] == "Alice"


@pytest.mark.django_db
def test_a_professional_not_connected_is_an_alert_from_minute_58(world):
    assert alerts(world, at(9, 27)) == []
    assert alerts(world, at(9, 28)) == [
        (fair_day.PROFESSIONAL_ABSENT, "c1"),
        (fair_day.PROFESSIONAL_ABSENT, "c2"),
    ]
    room = LiveRoom.objects.get(booking=world.bookings["c1"])  # opened by the schedule
    member = Member(PROFESSIONAL, user_id=world.pros["alice"].user_id)
    presence.seen(room_id=room.pk, member=member, now=at(9, 28))
    assert alerts(world, at(9, 28)) == [(fair_day.PROFESSIONAL_ABSENT, "c2")]
    # Stale presence (a process that died) counts as gone; so does a closed socket.
    later = at(9, 28) + presence.PRESENCE_TIMEOUT
    assert alerts(world, later) == [(fair_day.PROFESSIONAL_ABSENT, "c2")]
    assert (fair_day.PROFESSIONAL_ABSENT, "c1") in alerts(
        world, later + datetime.timedelta(seconds=1)
    )
    presence.gone(room_id=room.pk, member=member)
    assert (fair_day.PROFESSIONAL_ABSENT, "c1") in alerts(world, at(9, 28))
    # Once the session is over there is nothing left to do.
    assert alerts(world, at(10, 0)) == []


@pytest.mark.django_db
def test_a_class_without_professional_is_an_alert_from_an_hour_before(world):
    late = BookingFactory(
        school_class=SchoolClassFactory(edition=world.edition, name="3e late"),
        slot=world.slots[1],  # 10:30 UTC, booked after the schedule was made
    )
    view = fair_day.overview(edition=world.edition, now=at(9, 29))
    assert [a.kind for a in view.alerts if a.booking_id == late.pk] == []
    view = fair_day.overview(edition=world.edition, now=at(9, 30))
    assert [a.message for a in view.alerts if a.booking_id == late.pk] == [
        "La classe 3e late n'a pas de professionnel·le pour son échange."
    ]


@pytest.mark.django_db
def test_questions_waiting_without_a_moderator_are_an_alert(world):
    booking = world.bookings["c3"]
    room = LiveRoom.objects.get(booking=booking)
    pupil = PupilFactory(school_class=booking.school_class)
    Question.objects.create(room=room, author=pupil, text="Combien gagne-t-on ?")
    Question.objects.create(
        room=room, author=pupil, text="Déjà validée", state=Question.State.APPROVED
    )
    # Until the teacher is called into the room (11:25, five minutes before the exchange), the
    # questions wait for her: asked during the hour of exploration, nobody is missing yet.
    assert (fair_day.UNMODERATED, "c3") not in alerts(world, at(11, 24))
    now = at(11, 25)
    assert alerts(world, now) == [(fair_day.UNMODERATED, "c3")]
    assert row_of(fair_day.overview(edition=world.edition, now=now), booking).pending_questions == 1
    name = booking.school_class.name
    assert [a.message for a in fair_day.overview(edition=world.edition, now=now).alerts] == [
        f"1 question attend dans la salle de la classe {name} et personne ne modère."
    ]
    organizer = Member(ORGANIZER, user_id=world.pros["bob"].user_id)  # any adult id will do
    presence.seen(room_id=room.pk, member=organizer, now=now)
    assert alerts(world, now) == []
    presence.gone(room_id=room.pk, member=organizer)
    teacher = Member(TEACHER, user_id=booking.school_class.teacher.user_id)
    presence.seen(room_id=room.pk, member=teacher, now=now)
    view = fair_day.overview(edition=world.edition, now=now)
    assert alerts(world, now) == []
    assert row_of(view, booking).teacher_connected is True


@pytest.mark.django_db
def test_pupils_and_teacher_connected_are_counted(world):
    booking = world.bookings["c1"]
    now = at(8, 45)
    pupils = [PupilFactory(school_class=booking.school_class) for _ in range(3)]
    SeatClaim.objects.create(pupil=pupils[0], session_key="a" * 32, last_seen_at=now)
    SeatClaim.objects.create(
        pupil=pupils[1], session_key="b" * 32, last_seen_at=now - datetime.timedelta(minutes=5)
    )
    booking.teacher_seen_at = now
    booking.save(update_fields=["teacher_seen_at"])
    row = row_of(fair_day.overview(edition=world.edition, now=now), booking)
    assert (row.pupils_connected, row.pupils, row.teacher_connected) == (1, 3, True)
    assert row.exchange_label == "exploration de la ville"
    other = row_of(fair_day.overview(edition=world.edition, now=now), world.bookings["c2"])
    assert (other.pupils_connected, other.pupils, other.teacher_connected) == (0, 0, False)
