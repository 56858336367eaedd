"""What every calendar event of the fair carries: its reminders (VALARM).

A class session and a live exchange are booked weeks ahead; calendars remind the teacher and the
professional the day before (time to check the room, the computers, the class code) and a quarter
of an hour before (time to open the page).
"""

import datetime

from icalendar import Alarm

REMINDERS = (datetime.timedelta(days=1), datetime.timedelta(minutes=15))


def add_reminders(event, *, summary: str) -> None:
    for before in REMINDERS:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", -before)
        event.add_component(alarm)
