"""The open edition and its class session slots: one query each, read by every app."""

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from .models import Edition, SessionSlot


def open_edition() -> Edition | None:
    """The edition open now, the one classes book (at most one is open)."""
    return Edition.objects.filter(state=Edition.State.OPEN).first()


def shown_edition() -> Edition | None:
    """The edition visitors see: the open one, else the last one archived (archive mode: its
    town, buildings and Forum replays stay open, `Edition.takes_classes` is false)."""
    return open_edition() or (
        Edition.objects.filter(state=Edition.State.ARCHIVED).order_by("-ends_on", "-pk").first()
    )


def edition_slots(*, edition: Edition) -> QuerySet[SessionSlot]:
    return SessionSlot.objects.filter(edition=edition).order_by("starts_at")


def slots_by_day(slots) -> list[tuple[datetime.date, list[SessionSlot]]]:
    """Slots grouped by their day in the fair's time zone, in the order given."""
    days: dict[datetime.date, list[SessionSlot]] = {}
    for slot in slots:
        days.setdefault(timezone.localdate(slot.starts_at), []).append(slot)
    return list(days.items())
