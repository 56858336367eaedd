"""The booking's calendar invitation (.ics), on the fair's clock (settings.TIME_ZONE) with its
VTIMEZONE, so calendars show the session at the time the fair's pages give."""

import datetime

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from usine.fair.calendar import add_reminders, cancelled_event
from usine.site import absolute_url

from .models import Booking


def filename(*, booking: Booking) -> str:
    return f"usine-{slugify(booking.school_class.name) or 'classe'}.ics"


def uid(*, booking: Booking) -> str:
    return f"usine-booking-{booking.school_class_id}-{booking.slot_id}@usine"


def summary(*, booking: Booking) -> str:
    return _("Salon virtuel de l'industrie — classe %(name)s") % {"name": booking.school_class.name}


def cancellation(*, booking: Booking) -> bytes:
    # The invitation carried no SEQUENCE (0): 1 supersedes it.
    return cancelled_event(
        uid=uid(booking=booking),
        sequence=1,
        starts=booking.slot.starts_at,
        ends=booking.slot.ends_at,
        summary=summary(booking=booking),
    )


def invitation(*, booking: Booking) -> bytes:
    slot = booking.slot
    school_class = booking.school_class
    zone = timezone.get_default_timezone()
    calendar = Calendar()
    calendar.add("prodid", "-//Usine//Salon virtuel de l'industrie//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", uid(booking=booking))
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", slot.starts_at.astimezone(zone))
    event.add("dtend", slot.ends_at.astimezone(zone))
    event.add("summary", summary(booking=booking))
    event.add(
        "description",
        _(
            "Session de la classe %(name)s : %(exploration)d minutes d'exploration libre de la "
            "ville, puis %(exchange)d minutes d'échange en direct avec un·e professionnel·le "
            "(à %(exchange_time)s). Code de classe : %(code)s"
        )
        % {
            "name": school_class.name,
            "exploration": slot.timeline.exploration_minutes,
            "exchange": slot.timeline.exchange_minutes,
            "exchange_time": slot.timeline.exchange_starts_at.astimezone(zone).strftime("%H:%M"),
            "code": school_class.code_display,
        },
    )
    event.add("url", absolute_url(school_class.get_absolute_url()))
    add_reminders(event, summary=str(event["summary"]))
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
