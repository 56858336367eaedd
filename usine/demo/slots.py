"""The demo edition's session slots: the usual ones, and one in progress when it is loaded."""

import datetime

from django.utils import timezone

from usine.fair.models import Edition, SessionSlot
from usine.fair.slots import create_slots

DEMO_CAPACITY = 12


def create_demo_slots(*, edition: Edition) -> int:
    """The demo edition's slots: its 5 days x 4 sessions, 12 classes each."""
    created, _existing = create_slots(edition=edition, capacity=DEMO_CAPACITY)
    return created


def running_start(now: datetime.datetime) -> datetime.datetime:
    """When the demo's session "in progress" at `now` started: `now` rounded down to the quarter
    hour, minus 15 minutes (10:07 gives 9:45), so its hour of exploration has 30 to 45 minutes
    left. On the fair's clock (settings.TIME_ZONE); rounding in UTC gives that clock's quarter
    hours too, as Europe/Paris is a whole number of hours from UTC."""
    utc = now.astimezone(datetime.UTC)
    quarter = utc.replace(minute=utc.minute - utc.minute % 15, second=0, microsecond=0)
    return (quarter - datetime.timedelta(minutes=15)).astimezone(timezone.get_default_timezone())


def create_running_demo_slot(*, edition: Edition, now: datetime.datetime) -> SessionSlot | None:
    """A demo slot whose hour of exploration is in progress at `now`, for a class to be in
    session as soon as the demo is loaded; None when today is not one of the edition's days.
    A usual slot that starts at that time is that slot."""
    starts_at = running_start(now)
    first, last = edition.starts_on, edition.ends_on
    if not first <= now.astimezone(timezone.get_default_timezone()).date() <= last:
        return None
    if not first <= starts_at.date() <= last:  # just after midnight on the Monday
        return None
    slot, _created = SessionSlot.objects.get_or_create(
        edition=edition,
        starts_at=starts_at,
        defaults={"capacity": DEMO_CAPACITY, "duration_minutes": 90},
    )
    return slot
