"""The Forum's talks for people's calendars (.ics): one talk, or a whole day of the programme.

On the fair's clock (settings.TIME_ZONE) with its VTIMEZONE, like every calendar of the fair
(usine/fair/calendar.py), each with the fair's reminders.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Event

from usine.fair.calendar import add_reminders, published_calendar
from usine.site import absolute_url

from .models import Talk


def uid(talk: Talk) -> str:
    return f"usine-forum-talk-{talk.pk}@usine"


def _event(talk: Talk) -> Event:
    zone = timezone.get_default_timezone()
    speakers = [link.speaker for link in talk.speaker_links.all()]
    event = Event()
    event.add("uid", uid(talk))
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", talk.starts_at.astimezone(zone))
    event.add("dtend", talk.ends_at.astimezone(zone))
    event.add("summary", _("Forum — %(title)s") % {"title": talk.title})
    lines = [talk.abstract] if talk.abstract else []
    if speakers:
        names = ", ".join(
            f"{speaker.name} ({speaker.role})" if speaker.role else speaker.name
            for speaker in speakers
        )
        lines.append(_("Avec %(names)s.") % {"names": names})
    lines.append(_("En direct et en replay sur le salon virtuel de l'industrie."))
    event.add("description", "\n\n".join(lines))
    event.add("location", _("Forum, %(stage)s (en ligne)") % {"stage": talk.stage.name})
    event.add("url", absolute_url(talk.get_absolute_url()))
    add_reminders(event, summary=str(event["summary"]))
    return event


def talks_calendar(talks) -> bytes:
    """One calendar holding these talks (their stage and speakers read with them)."""
    calendar = published_calendar()
    for talk in talks:
        calendar.add_component(_event(talk))
    calendar.add_missing_timezones()
    return calendar.to_ical()
