import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.fair.factories import SessionSlotFactory
from tests.schools.factories import SchoolClassFactory
from usine.schools import booking


def run_worker():
    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_the_worker_mails_the_invitation_of_a_booking():
    slot = SessionSlotFactory(capacity=2)
    school_class = SchoolClassFactory(edition=slot.edition)
    # Outside any atomic block the on_commit enqueue runs at once, as after a real request.
    booking.book(
        teacher=school_class.teacher,
        class_id=school_class.pk,
        slot_id=slot.pk,
    )
    assert mail.outbox == []

    run_worker()

    task = DBTaskResult.objects.get()
    assert (task.status, task.return_value) == (TaskResultStatus.SUCCESSFUL, "sent")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [school_class.teacher.user.email]
    name, content, mimetype = mail.outbox[0].attachments[0]
    assert name.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    assert "DTSTART;TZID=Europe/Paris:" in content
    assert "http://testserver/" in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_a_booking_cancelled_before_the_worker_runs_sends_no_invitation():
    slot = SessionSlotFactory(capacity=2)
    school_class = SchoolClassFactory(edition=slot.edition)
    booking.book(teacher=school_class.teacher, class_id=school_class.pk, slot_id=slot.pk)
    booking.cancel(teacher=school_class.teacher, class_id=school_class.pk)

    run_worker()

    task = DBTaskResult.objects.get()
    assert (task.status, task.return_value) == (TaskResultStatus.SUCCESSFUL, "cancelled")
    # Only the cancellation sent by booking.cancel itself: no invitation after it.
    [cancelled] = mail.outbox
    assert cancelled.to == [school_class.teacher.user.email]
    assert "METHOD:CANCEL" in cancelled.attachments[0][1]
