"""Reminder e-mails the day before: to each booked class's teacher, and to the professional of
each assigned exchange. Sent once: a Reminder row is claimed before the mail goes out (its unique
constraints settle two workers racing) and given back if the mail fails, for the next pass.

`manage.py send_reminders` runs one pass: run it every quarter of an hour (a cron line or a
systemd timer beside the task worker); a pass that finds nothing to send costs one query.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from usine.schools.invitations import invitation
from usine.schools.models import Booking

from . import mail
from .models import Assignment, Reminder
from .schedule import current_run

logger = logging.getLogger(__name__)

AHEAD = datetime.timedelta(hours=24)


def send_reminders(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Remind every session starting within AHEAD; returns (teachers, professionals) mailed."""
    now = now or timezone.now()
    bookings = list(
        Booking.objects.filter(
            slot__starts_at__gt=now, slot__starts_at__lte=now + AHEAD
        ).select_related("slot__edition", "school_class__teacher__user")
    )
    teachers = sum(_once(booking, None, now, _mail_teacher) for booking in bookings)
    professionals = 0
    for edition in {booking.slot.edition for booking in bookings}:
        run = current_run(edition=edition)
        if run is None:
            continue
        assignments = Assignment.objects.filter(
            run=run, booking__in=[b for b in bookings if b.slot.edition_id == edition.pk]
        ).select_related(
            "professional__user", "professional__trade", "booking__slot", "booking__school_class"
        )
        for assignment in assignments:
            professionals += _once(
                assignment.booking, assignment.professional, now, _mail_professional, assignment
            )
    return teachers, professionals


def _once(booking, professional, now, send, *args) -> int:
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                booking=booking, professional=professional, sent_at=now
            )
    except IntegrityError:
        return 0  # already reminded
    try:
        sent = send(booking, *args)
    except Exception:
        logger.exception("reminder not sent (booking %s)", booking.pk)
        reminder.delete()  # the next pass tries again
        return 0
    return int(sent)


def _mail_teacher(booking: Booking) -> bool:
    user = booking.school_class.teacher.user
    if not user.email:
        return False
    message = EmailMessage(
        subject=_("Usine : rappel, la classe %(name)s vient au salon demain")
        % {"name": booking.school_class.name},
        body=render_to_string(
            "professionals/professional/email/reminder_teacher.txt",
            {
                "booking": booking,
                "starts": booking.slot.starts_at,
                "room_url": mail.room_url(booking=booking),
            },
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.attach("usine-session.ics", invitation(booking=booking), mail.ICS_TYPE)
    message.send()
    return True


def _mail_professional(booking: Booking, assignment: Assignment) -> bool:
    user = assignment.professional.user
    if not user.email:
        return False
    message = EmailMessage(
        subject=_("Usine : rappel, votre échange en direct de demain"),
        body=render_to_string(
            "professionals/professional/email/reminder_professional.txt",
            {
                "assignment": assignment,
                "starts": booking.slot.timeline.exchange_starts_at,
                "room_url": mail.room_url(booking=booking),
            },
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    message.attach(
        f"usine-echange-{booking.pk}.ics",
        mail.calendar([assignment], sequence=assignment.run_id),
        mail.ICS_TYPE,
    )
    message.send()
    return True
