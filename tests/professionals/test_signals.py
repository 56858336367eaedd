import pytest
from django.core import mail
from icalendar import Calendar

from usine.professionals.models import Assignment
from usine.schools import booking as bookings

from .test_schedule import NOW, solve_now
from .world import build_world

pytestmark = pytest.mark.django_db


def test_a_booking_cancelled_by_its_teacher_cancels_its_exchange_in_both_calendars(
    django_capture_on_commit_callbacks,
):
    world = build_world()
    run = solve_now(world, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    made = world.bookings["c4"]
    pro = Assignment.objects.get(run=run, booking=made).professional
    teacher = world.classes["c4"].teacher

    with django_capture_on_commit_callbacks(execute=True):
        bookings.cancel(teacher=teacher, class_id=world.classes["c4"].pk, now=NOW)

    by_subject = {m.subject: m for m in mail.outbox}
    exchange = by_subject[
        f"Usine : échange en direct annulé avec la classe {made.school_class.name}"
    ]
    assert exchange.bcc == [pro.user.email, teacher.user.email]
    (event,) = Calendar.from_ical(exchange.attachments[0][1]).walk("VEVENT")
    assert (str(event["UID"]), event["SEQUENCE"]) == (f"usine-live-{made.pk}@usine", run.pk + 1)
    session = by_subject[f"Usine : réservation annulée pour la classe {made.school_class.name}"]
    assert session.to == [teacher.user.email]
    calendar = Calendar.from_ical(session.attachments[0][1])
    (event,) = calendar.walk("VEVENT")
    assert (str(calendar["METHOD"]), str(event["UID"]), event["SEQUENCE"]) == (
        "CANCEL",
        f"usine-booking-{made.school_class_id}-{made.slot_id}@usine",
        1,
    )


def test_a_booking_without_exchange_sends_only_the_session_cancellation(
    django_capture_on_commit_callbacks,
):
    world = build_world()
    with django_capture_on_commit_callbacks(execute=True):
        bookings.cancel(
            teacher=world.classes["c4"].teacher, class_id=world.classes["c4"].pk, now=NOW
        )
    assert [m.subject.split(" pour ")[0] for m in mail.outbox] == ["Usine : réservation annulée"]
