"""E-mails about live exchanges, with their `.ics` invitations on the fair's clock
(settings.TIME_ZONE).

The exchange's times come from the slot's timeline (fair/timeline.py). Every exchange keeps one
calendar UID (its booking's), with the run as SEQUENCE, so a calendar replaces an old invitation by
a newer one. A failed mail is logged and never undoes the schedule: the pages show it too.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from usine.fair.calendar import CANCEL_TYPE, add_reminders, cancelled_event
from usine.schools.models import Booking
from usine.site import absolute_url

from .models import Assignment, Professional

logger = logging.getLogger(__name__)

ICS_TYPE = "text/calendar; charset=utf-8; method=PUBLISH"


def room_url(*, booking: Booking) -> str:
    room = getattr(booking, "live_room", None)
    if room is None:
        return ""
    return absolute_url(reverse("live:room", kwargs={"pk": room.pk}))


def calendar(assignments, *, sequence: int) -> bytes:
    """One VEVENT per exchange, DTSTART/DTEND with the fair's TZID and its VTIMEZONE."""
    zone = timezone.get_default_timezone()
    cal = Calendar()
    cal.add("prodid", "-//Usine//Salon virtuel de l'industrie//FR")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    for assignment in assignments:
        booking = assignment.booking
        pro = assignment.professional
        timeline = booking.slot.timeline
        event = Event()
        event.add("uid", f"usine-live-{booking.pk}@usine")
        event.add("sequence", sequence)
        event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
        event.add("dtstart", timeline.exchange_starts_at.astimezone(zone))
        event.add("dtend", timeline.ends_at.astimezone(zone))
        event.add(
            "summary",
            _("Échange en direct : %(pro)s et la classe %(name)s")
            % {"pro": pro.first_name, "name": booking.school_class.name},
        )
        job = pro.trade.label if pro.trade_id else ""
        event.add(
            "description",
            _(
                "%(minutes)d minutes d'échange en direct entre %(pro)s (%(job)s) et la classe "
                "%(name)s."
            )
            % {
                "minutes": timeline.exchange_minutes,
                "pro": pro.first_name,
                "job": job,
                "name": booking.school_class.name,
            },
        )
        if url := room_url(booking=booking):
            event.add("url", url)
        add_reminders(event, summary=str(event["summary"]))
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def _assignments(run_id: int):
    return Assignment.objects.filter(run_id=run_id).select_related(
        "booking__slot",
        "booking__live_room",
        "booking__school_class__teacher__user",
        "booking__school_class__teacher__school",
        "professional__trade",
        "professional__company",
        "professional__user",
    )


def notify_changes(*, run_id: int, booking_ids, professional_ids) -> None:
    """Tell each affected teacher and professional what their exchanges are now."""
    by_booking = {a.booking_id: a for a in _assignments(run_id).filter(booking_id__in=booking_ids)}
    bookings = Booking.objects.filter(pk__in=booking_ids).select_related(
        "slot", "live_room", "school_class__teacher__user"
    )
    for booking in bookings:
        _safely(
            send_teacher,
            booking=booking,
            assignment=by_booking.get(booking.pk),
            run_id=run_id,
        )
    for pro in Professional.objects.filter(pk__in=professional_ids).select_related("user"):
        assignments = list(
            _assignments(run_id).filter(professional=pro).order_by("booking__slot__starts_at")
        )
        _safely(
            send_professional,
            professional=pro,
            assignments=assignments,
            run_id=run_id,
        )


def _safely(send, **kwargs) -> None:
    try:
        send(**kwargs)
    except Exception:
        logger.exception("live exchange e-mail not sent (%s)", send.__name__)


def send_teacher(*, booking: Booking, assignment, run_id: int) -> None:
    user = booking.school_class.teacher.user
    if not user.email:
        return
    context = {
        "booking": booking,
        "assignment": assignment,
        "starts": booking.slot.timeline.exchange_starts_at,
        "room_url": room_url(booking=booking),
    }
    message = EmailMessage(
        subject=_("Usine : l'échange en direct de la classe %(name)s")
        % {"name": booking.school_class.name},
        body=render_to_string("professionals/professional/email/teacher.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
    )
    if assignment is not None:
        message.attach(
            f"usine-echange-{booking.pk}.ics",
            calendar([assignment], sequence=run_id),
            ICS_TYPE,
        )
    message.send()


def send_professional(*, professional, assignments, run_id: int) -> None:
    if not professional.user.email:
        return
    context = {
        "professional": professional,
        "exchanges": [(a, a.booking.slot.timeline.exchange_starts_at) for a in assignments],
        "site_url": settings.SITE_URL,
        "assignments_url": absolute_url(reverse("professionals:assignments")),
    }
    message = EmailMessage(
        subject=_("Usine : vos échanges en direct avec des classes"),
        body=render_to_string("professionals/professional/email/assignments.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[professional.user.email],
    )
    if assignments:
        message.attach(
            "usine-echanges.ics",
            calendar(assignments, sequence=run_id),
            ICS_TYPE,
        )
    message.send()


def exchange_cancellation(*, assignment: Assignment) -> bytes:
    """METHOD:CANCEL for an exchange's calendar event (its booking's UID, the run after the one
    that announced it as SEQUENCE)."""
    booking = assignment.booking
    timeline = booking.slot.timeline
    return cancelled_event(
        uid=f"usine-live-{booking.pk}@usine",
        sequence=assignment.run_id + 1,
        starts=timeline.exchange_starts_at,
        ends=timeline.ends_at,
        summary=_("Échange en direct : %(pro)s et la classe %(name)s")
        % {"pro": assignment.professional.first_name, "name": booking.school_class.name},
    )


def send_exchange_cancellation(*, emails: list[str], name: str, ics: bytes) -> None:
    """Calendars drop the cancelled exchange; a failed mail is logged (the pages show it)."""
    emails = [email for email in emails if email]
    if not emails:
        return
    message = EmailMessage(
        subject=_("Usine : échange en direct annulé avec la classe %(name)s") % {"name": name},
        body=_(
            "Bonjour,\n\nL'échange en direct avec la classe %(name)s n'aura pas lieu comme "
            "prévu. Le fichier joint le retire de votre agenda.\n\nL'équipe du salon\n"
        )
        % {"name": name},
        from_email=settings.DEFAULT_FROM_EMAIL,
        bcc=emails,  # the teacher and the professional do not see each other's address
    )
    message.attach("usine-annulation.ics", ics, CANCEL_TYPE)
    try:
        message.send()
    except Exception:
        logger.exception("exchange cancellation e-mail not sent")
