"""The waiting list of a full session slot.

A teacher puts a class without a booking on the list of a full slot. When a place frees up
(a cancelled booking, a deleted class, a slot given more places), the first class in line that
still has no booking gets it, through the same conditional UPDATE as any booking, and its
teacher is mailed the invitation. The offer runs once the freeing transaction has committed,
so it never sees rows that a cascade is about to delete.
"""

import datetime
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from usine.fair.models import SessionSlot
from usine.inputs import parse_id

from .booking import announce
from .errors import (
    AlreadyBooked,
    AlreadyWaiting,
    ClassesClosed,
    NotWaiting,
    SlotNotFull,
    SlotPast,
    TooManyWaits,
    UnknownSlot,
)
from .models import Booking, SchoolClass, Teacher, WaitingListEntry
from .services import class_of

logger = logging.getLogger(__name__)

MAX_WAITS_PER_CLASS = 3


@dataclass(frozen=True)
class Place:
    """A class's place on a waiting list, as the teacher sees it."""

    entry: WaitingListEntry
    position: int  # 1: next to get a place

    @property
    def slot(self) -> SessionSlot:
        return self.entry.slot


def join(*, teacher: Teacher, class_id, slot_id, now=None) -> Place:
    """Puts the teacher's class on the slot's waiting list, or raises: NotYours (404),
    UnknownSlot, ClassesClosed, SlotPast, AlreadyBooked, SlotNotFull, AlreadyWaiting,
    TooManyWaits."""
    now = now or timezone.now()
    school_class = class_of(teacher=teacher, class_id=class_id)
    slot_id = parse_id(slot_id)
    if slot_id is None:
        raise UnknownSlot()
    with transaction.atomic():
        # The class row is locked so two tabs cannot both pass the per-class limit.
        SchoolClass.objects.select_for_update().filter(pk=school_class.pk).first()
        slot = (
            SessionSlot.objects.filter(pk=slot_id, edition_id=school_class.edition_id)
            .select_related("edition")
            .first()
        )
        if slot is None:
            raise UnknownSlot()
        if not slot.edition.takes_classes:
            raise ClassesClosed()
        if slot.starts_at <= now:
            raise SlotPast()
        if Booking.objects.filter(school_class=school_class).exists():
            raise AlreadyBooked()
        if slot.booked < slot.capacity:
            raise SlotNotFull()
        waits = WaitingListEntry.objects.filter(school_class=school_class)
        if waits.filter(slot=slot).exists():
            raise AlreadyWaiting()
        if waits.count() >= MAX_WAITS_PER_CLASS:
            raise TooManyWaits()
        entry = WaitingListEntry.objects.create(slot=slot, school_class=school_class)
    return Place(entry=entry, position=_position(entry))


def leave(*, teacher: Teacher, class_id, slot_id) -> None:
    school_class = class_of(teacher=teacher, class_id=class_id)
    deleted, _ = WaitingListEntry.objects.filter(
        school_class=school_class, slot_id=parse_id(slot_id)
    ).delete()
    if not deleted:
        raise NotWaiting()


def places_of(*, school_class: SchoolClass) -> list[Place]:
    """The class's waiting-list places, soonest slot first."""
    entries = WaitingListEntry.objects.filter(school_class=school_class).select_related("slot")
    return [Place(entry=entry, position=_position(entry)) for entry in entries]


def waiting_counts(*, slot_ids) -> dict[int, int]:
    """How many classes wait for each of these slots (slots nobody waits for are left out)."""
    from django.db.models import Count

    rows = (
        WaitingListEntry.objects.filter(slot_id__in=slot_ids)
        .values("slot_id")
        .annotate(count=Count("pk"))
    )
    return {row["slot_id"]: row["count"] for row in rows}


def offer_places(*, slot_id: int, now: datetime.datetime | None = None) -> list[Booking]:
    """Gives the slot's free places to the classes first in line; returns the bookings made.

    Each place is taken by the conditional UPDATE that guards every booking, so a direct
    booking racing with this offer can never overfill the slot; a class that booked another
    slot meanwhile is skipped and taken off the list."""
    now = now or timezone.now()
    made = []
    slot = SessionSlot.objects.select_related("edition").filter(pk=slot_id).first()
    if slot is None or not slot.edition.takes_classes:
        return made  # an archived edition gives no place away
    while True:
        entry = (
            WaitingListEntry.objects.filter(slot_id=slot_id, slot__starts_at__gt=now)
            .select_related("school_class")
            .order_by("created_at", "pk")
            .first()
        )
        if entry is None:
            return made
        try:
            with transaction.atomic():
                taken = SessionSlot.objects.filter(pk=slot_id, booked__lt=F("capacity")).update(
                    booked=F("booked") + 1
                )
                if not taken:
                    return made  # no place left (or taken by a direct booking just now)
                booking = Booking.objects.create(school_class=entry.school_class, slot_id=slot_id)
                WaitingListEntry.objects.filter(school_class=entry.school_class).delete()
                transaction.on_commit(
                    lambda booking=booking: announce(booking=booking, from_waiting_list=True)
                )
        except IntegrityError:
            # The class booked another slot since it joined this list: it no longer waits.
            WaitingListEntry.objects.filter(pk=entry.pk).delete()
            continue
        made.append(booking)


def offer_after_commit(*, slot_id: int) -> None:
    """Schedules `offer_places` for once the current transaction commits (at once outside
    one). A failure is logged: the freed place stays open to direct bookings."""
    transaction.on_commit(lambda: offer_places(slot_id=slot_id), robust=True)


def _position(entry: WaitingListEntry) -> int:
    ahead = WaitingListEntry.objects.filter(slot_id=entry.slot_id).filter(
        Q(created_at__lt=entry.created_at) | Q(created_at=entry.created_at, pk__lt=entry.pk)
    )
    return ahead.count() + 1


def teacher_places(*, teacher: Teacher, edition) -> list[Place]:
    """Every waiting-list place of the teacher's classes in the edition."""
    entries = WaitingListEntry.objects.filter(
        school_class__teacher=teacher, school_class__edition=edition
    ).select_related("slot", "school_class")
    return [Place(entry=entry, position=_position(entry)) for entry in entries]
