"""Booking a session slot for a class — correct under concurrency on PostgreSQL and SQLite.

The whole rule is one conditional UPDATE:

    UPDATE slot SET booked = booked + 1 WHERE id = %s AND booked < capacity

Each database runs it atomically against the row's latest committed version (PostgreSQL
re-checks the condition after waiting for a concurrent writer's row lock; SQLite has one writer
at a time), so at most `capacity` attempts ever see one updated row. The check constraint
`booked <= capacity` backs it up, and the one-to-one link from booking to class makes a second
booking of the same class fail and roll its increment back.

A committed booking is announced with the `booking_confirmed` signal; `tasks` queues the
invitation mail on it, so that this module never imports the worker's side.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, F
from django.dispatch import Signal
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from usine.fair.calendar import CANCEL_TYPE
from usine.fair.models import SessionSlot
from usine.inputs import parse_id

from . import invitations
from .errors import (
    AlreadyBooked,
    BookingStarted,
    ClassesClosed,
    NoBooking,
    SchoolsError,
    SlotFull,
    SlotPast,
    UnknownSlot,
)
from .models import Booking, Teacher, WaitingListEntry
from .services import class_of

logger = logging.getLogger(__name__)

# Sent once a booking is committed, with sender=Booking, booking=, from_waiting_list=.
booking_confirmed = Signal()


def book(*, teacher: Teacher, class_id, slot_id, now=None) -> Booking:
    """Books the slot for the teacher's class, or raises: NotYours (404), UnknownSlot,
    ClassesClosed (archived edition), SlotPast, AlreadyBooked, SlotFull. Nothing is written
    when it raises. Sends the invitation once committed.

    A first read refuses the attempts that cannot succeed (a full slot gets hundreds of them at
    once) without opening a transaction; it decides nothing else. The conditional UPDATE and
    the constraints decide."""
    now = now or timezone.now()
    school_class = class_of(teacher=teacher, class_id=class_id)
    refusal = _refusal(school_class=school_class, slot_id=slot_id, now=now)
    if refusal is not None:
        raise refusal
    try:
        with transaction.atomic():
            taken = SessionSlot.objects.filter(
                pk=slot_id, starts_at__gt=now, booked__lt=F("capacity")
            ).update(booked=F("booked") + 1)
            if not taken:
                raise SlotFull()  # taken by concurrent bookings since the first read
            # A class booked concurrently fails here on the one-to-one constraint, which rolls
            # back the increment above.
            booking = Booking.objects.create(school_class=school_class, slot_id=slot_id)
            _stop_waiting(school_class=school_class)
            transaction.on_commit(lambda: announce(booking=booking))
    except IntegrityError:
        raise AlreadyBooked() from None
    return booking


def _stop_waiting(*, school_class) -> None:
    """A booked class leaves every waiting list; most classes wait nowhere, so a read first
    spares the DELETE (and its locks) when booking opens."""
    if WaitingListEntry.objects.filter(school_class=school_class).exists():
        WaitingListEntry.objects.filter(school_class=school_class).delete()


def _refusal(*, school_class, slot_id, now) -> SchoolsError | None:
    """Why the slot cannot be booked for the class as things stand, in one query."""
    slot_id = parse_id(slot_id)
    if slot_id is None:
        return UnknownSlot()
    slot = (
        SessionSlot.objects.filter(pk=slot_id, edition_id=school_class.edition_id)
        .select_related("edition")
        .annotate(class_booked=Exists(Booking.objects.filter(school_class=school_class)))
        .only("starts_at", "capacity", "booked", "edition__state")
        .first()
    )
    if slot is None:
        return UnknownSlot()
    if not slot.edition.takes_classes:
        return ClassesClosed()
    if slot.class_booked:
        return AlreadyBooked()
    if slot.starts_at <= now:
        return SlotPast()
    if slot.booked >= slot.capacity:
        return SlotFull()
    return None


def cancellable(booking: Booking, *, now=None) -> bool:
    """Whether the booking can still be cancelled: not once its session has started (the class
    page offers the button on the same rule `cancel` applies)."""
    return (now or timezone.now()) < booking.slot.starts_at


def cancel(*, teacher: Teacher, class_id, now=None) -> None:
    """Cancels the class's booking; its place is free for others as soon as this commits."""
    now = now or timezone.now()
    school_class = class_of(teacher=teacher, class_id=class_id)
    with transaction.atomic():
        # Locked so two cancels of one booking cannot both free a place.
        booking = (
            Booking.objects.select_for_update()
            .select_related("slot")
            .filter(school_class=school_class)
            .first()
        )
        if booking is None:
            raise NoBooking()
        if not cancellable(booking, now=now):
            raise BookingStarted()
        cancelled = invitations.cancellation(booking=booking)
        email, name = school_class.teacher.user.email, school_class.name
        booking.delete()  # signals.free_the_place gives the place back in this transaction
        if email:
            transaction.on_commit(lambda: _send_cancellation(email=email, name=name, ics=cancelled))


def _send_cancellation(*, email: str, name: str, ics: bytes) -> None:
    """The teacher's calendar drops the session (METHOD:CANCEL, same UID)."""
    message = EmailMessage(
        subject=_("Usine : réservation annulée pour la classe %(name)s") % {"name": name},
        body=_(
            "Bonjour,\n\nLa réservation de la classe %(name)s est annulée. Le fichier joint retire "
            "la session de votre agenda.\n\nL'équipe du salon\n"
        )
        % {"name": name},
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email],
    )
    message.attach("usine-annulation.ics", ics, CANCEL_TYPE)
    try:
        message.send()
    except Exception:
        logger.exception("booking cancellation e-mail not sent")


def announce(*, booking: Booking, from_waiting_list: bool = False) -> None:
    """Tells whoever listens (the invitation mail's task) that the booking is committed; called
    from `transaction.on_commit`."""
    booking_confirmed.send(sender=Booking, booking=booking, from_waiting_list=from_waiting_list)


def send_invitation(*, booking: Booking, from_waiting_list: bool = False) -> None:
    teacher = booking.school_class.teacher
    if not teacher.user.email:
        return
    context = {
        "booking": booking,
        "slot": booking.slot,
        "school_class": booking.school_class,
        "from_waiting_list": from_waiting_list,
    }
    if from_waiting_list:
        subject = _("Usine : une place s'est libérée pour la classe %(name)s")
    else:
        subject = _("Usine : réservation confirmée pour la classe %(name)s")
    message = EmailMessage(
        subject=subject % {"name": booking.school_class.name},
        body=render_to_string(
            "schools/email/booking.txt", {**context, "site_url": settings.SITE_URL}
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[teacher.user.email],
    )
    message.attach(
        invitations.filename(booking=booking),
        invitations.invitation(booking=booking),
        "text/calendar; charset=utf-8; method=PUBLISH",
    )
    message.send()
