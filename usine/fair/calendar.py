"""What every calendar event of the fair carries: its reminders (VALARM).

A class session and a live exchange are booked weeks ahead; calendars remind the teacher and the
professional the day before (time to check the room, the computers, the class code) and a quarter
of an hour before (time to open the page).
"""

import datetime

from django.utils import timezone
from icalendar import Alarm, Calendar, Event

REMINDERS = (datetime.timedelta(days=1), datetime.timedelta(minutes=15))
PRODID = "-//Usine//Salon virtuel de l'industrie//FR"


def add_reminders(event, *, summary: str) -> None:
    for before in REMINDERS:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", -before)
        event.add_component(alarm)


def published_calendar() -> Calendar:
    """An empty calendar of the fair to add events to (METHOD:PUBLISH: "add this to yours")."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    return calendar


def cancelled_event(*, uid: str, sequence: int, starts, ends, summary: str) -> bytes:
    """A METHOD:CANCEL calendar removing the event `uid` (its SEQUENCE must exceed the last one
    sent, or calendars ignore it)."""
    zone = timezone.get_default_timezone()
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL")
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("status", "CANCELLED")
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", starts.astimezone(zone))
    event.add("dtend", ends.astimezone(zone))
    event.add("summary", summary)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


CANCEL_TYPE = "text/calendar; charset=utf-8; method=CANCEL"
