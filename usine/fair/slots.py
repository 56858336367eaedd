"""Session slots: the days of an edition times the day's start times, on the fair's clock
(settings.TIME_ZONE, Django's default time zone)."""

import datetime

from django.db import transaction
from django.utils import timezone

from .models import Edition, SessionSlot

DEFAULT_START_TIMES = (
    datetime.time(8, 30),
    datetime.time(10, 15),
    datetime.time(13, 30),
    datetime.time(15, 15),
)


def create_slots(
    *,
    edition: Edition,
    start_times=DEFAULT_START_TIMES,
    capacity: int,
    duration_minutes: int = 90,
    weekdays_only: bool = True,
) -> tuple[int, int]:
    """Creates the missing slots for every day of the edition; returns (created, existing).

    Existing slots are left as they are (their bookings and capacity stay)."""
    created = existing = 0
    zone = timezone.get_default_timezone()
    with transaction.atomic():
        day = edition.starts_on
        while day <= edition.ends_on:
            if not weekdays_only or day.weekday() < 5:
                for start in start_times:
                    _slot, made = SessionSlot.objects.get_or_create(
                        edition=edition,
                        starts_at=datetime.datetime.combine(day, start, tzinfo=zone),
                        defaults={"capacity": capacity, "duration_minutes": duration_minutes},
                    )
                    created += made
                    existing += not made
            day += datetime.timedelta(days=1)
    return created, existing
