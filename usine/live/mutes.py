"""How long a participant is muted: the one rule of the live exchanges' and the Forum's
moderators (a number of minutes, or until the end of the exchange or talk)."""

from datetime import datetime, timedelta

from django.db.models import Q
from django.utils.translation import gettext as _

MAX_MUTE_MINUTES = 240


class InvalidDuration(ValueError):
    def __init__(self):
        self.message = _("Durée invalide : de 1 à %(max)d minutes.") % {"max": MAX_MUTE_MINUTES}
        super().__init__(self.message)


def mute_until(minutes, *, now: datetime) -> datetime | None:
    """When a mute of `minutes` ends (None: until the end); InvalidDuration unless 1 to
    MAX_MUTE_MINUTES whole minutes or None."""
    if minutes is None:
        return None
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise InvalidDuration
    if not 1 <= minutes <= MAX_MUTE_MINUTES:
        raise InvalidDuration
    return now + timedelta(minutes=minutes)


def in_force(now: datetime) -> Q:
    """The mutes (rows with an `until`) still in force at `now`."""
    return Q(until__isnull=True) | Q(until__gt=now)
