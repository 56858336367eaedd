import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from tests.professionals.factories import ProfessionalFactory
from tests.schools.helpers import booked_class
from usine.professionals import reminders
from usine.professionals.models import Assignment, Reminder, ScheduleRun

pytestmark = pytest.mark.django_db


def scheduled(booking):
    run = ScheduleRun.objects.create(
        edition=booking.slot.edition,
        women_target_share=0.0,
        status=ScheduleRun.Status.DONE,
        finished_at=timezone.now(),
    )
    pro = ProfessionalFactory(edition=booking.slot.edition, user__email="alex@example.org")
    return Assignment.objects.create(run=run, booking=booking, professional=pro)


def test_the_day_before_the_teacher_and_the_professional_are_reminded_once():
    tomorrow = booked_class(started_ago=-datetime.timedelta(hours=20))
    booked_class(started_ago=-datetime.timedelta(hours=30))  # the day after: not yet
    booked_class(started_ago=datetime.timedelta(minutes=5))  # started: too late
    assignment = scheduled(tomorrow)

    assert reminders.send_reminders() == (1, 1)
    assert reminders.send_reminders() == (0, 0)

    teacher, pro = sorted(mail.outbox, key=lambda m: m.to[0] == "alex@example.org")
    assert teacher.to == [tomorrow.school_class.teacher.user.email]
    assert teacher.subject == (
        f"Usine : rappel, la classe {tomorrow.school_class.name} vient au salon demain"
    )
    assert tomorrow.school_class.code_display in teacher.body
    assert pro.to == ["alex@example.org"]
    assert pro.subject == "Usine : rappel, votre échange en direct de demain"
    (ics,) = [a for a in pro.attachments if a[0].endswith(".ics")]
    (event,) = Calendar.from_ical(ics[1]).walk("VEVENT")
    assert str(event["UID"]) == f"usine-live-{tomorrow.pk}@usine"
    assert Reminder.objects.filter(booking=tomorrow).count() == 2
    assert assignment.professional.reminders.count() == 1


def test_a_failed_mail_is_tried_again_at_the_next_pass(settings):
    booked_class(started_ago=-datetime.timedelta(hours=2))
    settings.EMAIL_BACKEND = "tests.professionals.test_reminders.BrokenBackend"
    assert reminders.send_reminders() == (0, 0)
    assert Reminder.objects.count() == 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert reminders.send_reminders() == (1, 0)


def test_the_command_says_what_it_sent(capsys):
    booked_class(started_ago=-datetime.timedelta(hours=2))
    call_command("send_reminders")
    assert capsys.readouterr().out == "Rappels envoyés : 1 enseignant·es, 0 professionnel·les.\n"


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")
