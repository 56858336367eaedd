import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from tests.fair.factories import SessionSlotFactory
from tests.schools.factories import BookingFactory, SchoolClassFactory
from usine.fair.models import SessionSlot
from usine.schools import booking, waiting_list
from usine.schools.errors import (
    AlreadyBooked,
    AlreadyWaiting,
    ClassesClosed,
    NotWaiting,
    NotYours,
    SlotNotFull,
    SlotPast,
    TooManyWaits,
    UnknownSlot,
)
from usine.schools.models import Booking, SchoolClass, WaitingListEntry

pytestmark = pytest.mark.django_db


def full_slot(capacity=1):
    slot = SessionSlotFactory(capacity=capacity)
    for _ in range(capacity):
        BookingFactory(slot=slot, school_class=SchoolClassFactory(edition=slot.edition))
    return slot


def wait(school_class, slot, **kwargs):
    return waiting_list.join(
        teacher=school_class.teacher, class_id=school_class.pk, slot_id=slot.pk, **kwargs
    )


def cancel(school_class):
    booking.cancel(teacher=school_class.teacher, class_id=school_class.pk)


def booked(slot) -> int:
    return SessionSlot.objects.get(pk=slot.pk).booked


def test_classes_wait_in_line_for_a_full_slot():
    slot = full_slot()
    first, second = (
        SchoolClassFactory(edition=slot.edition),
        SchoolClassFactory(edition=slot.edition),
    )
    assert wait(first, slot).position == 1
    assert wait(second, slot).position == 2
    assert [p.position for p in waiting_list.places_of(school_class=second)] == [2]
    assert waiting_list.waiting_counts(slot_ids=[slot.pk]) == {slot.pk: 2}


def test_a_cancelled_place_goes_to_the_first_in_line_and_its_teacher_is_told(
    django_capture_on_commit_callbacks,
):
    slot = full_slot()
    holder = Booking.objects.get(slot=slot).school_class
    first, second = (
        SchoolClassFactory(edition=slot.edition),
        SchoolClassFactory(edition=slot.edition),
    )
    elsewhere = full_slot()
    wait(first, slot)
    wait(first, elsewhere)
    wait(second, slot)

    with django_capture_on_commit_callbacks(execute=True):
        cancel(holder)

    assert Booking.objects.get(slot=slot).school_class == first
    assert booked(slot) == 1
    # The promoted class leaves every list; the second moves up.
    assert list(WaitingListEntry.objects.values_list("school_class_id", "slot_id")) == [
        (second.pk, slot.pk)
    ]
    assert [p.position for p in waiting_list.places_of(school_class=second)] == [1]
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs == {
        "args": [Booking.objects.get(slot=slot).pk, True],
        "kwargs": {},
    }


@pytest.mark.django_db(transaction=True)
def test_the_promoted_teacher_gets_the_place_is_free_mail_with_the_invitation(settings):
    settings.SITE_URL = "https://usine.example"
    slot = full_slot()
    holder = Booking.objects.get(slot=slot).school_class
    waiting = SchoolClassFactory(edition=slot.edition, name="4e Curie")
    wait(waiting, slot)
    cancel(holder)  # outside any atomic block: the offer runs at once, as after a request

    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

    # The holder's calendar drops the session (booking.cancel); the first in line gets the place.
    cancelled, sent = mail.outbox
    assert cancelled.to == [holder.teacher.user.email]
    assert "METHOD:CANCEL" in cancelled.attachments[0][1]
    assert sent.to == [waiting.teacher.user.email]
    assert sent.subject == "Usine : une place s'est libérée pour la classe 4e Curie"
    assert "qui était sur liste d'attente" in sent.body
    assert f"https://usine.example/enseignants/classes/{waiting.pk}/" in sent.body
    assert sent.attachments[0][0].endswith(".ics")


def test_a_class_that_booked_elsewhere_is_skipped(django_capture_on_commit_callbacks):
    slot = full_slot()
    holder = Booking.objects.get(slot=slot).school_class
    first, second = (
        SchoolClassFactory(edition=slot.edition),
        SchoolClassFactory(edition=slot.edition),
    )
    wait(first, slot)
    wait(second, slot)
    # Booked behind the service's back, so its entry is still on the list.
    BookingFactory(school_class=first)

    with django_capture_on_commit_callbacks(execute=True):
        cancel(holder)

    assert Booking.objects.get(slot=slot).school_class == second
    assert not WaitingListEntry.objects.exists()


def test_booking_another_slot_takes_the_class_off_the_lists():
    slot = full_slot()
    school_class = SchoolClassFactory(edition=slot.edition)
    wait(school_class, slot)
    open_slot = SessionSlotFactory(edition=slot.edition)
    booking.book(teacher=school_class.teacher, class_id=school_class.pk, slot_id=open_slot.pk)
    assert not WaitingListEntry.objects.exists()


def test_more_places_on_a_slot_go_to_the_waiting_classes(django_capture_on_commit_callbacks):
    slot = full_slot()
    holder = Booking.objects.get(slot=slot).school_class
    classes = [SchoolClassFactory(edition=slot.edition) for _ in range(3)]
    for school_class in classes:
        wait(school_class, slot)

    slot = SessionSlot.objects.get(pk=slot.pk)
    slot.capacity = 3
    with django_capture_on_commit_callbacks(execute=True):
        slot.save()

    assert booked(slot) == 3
    assert set(Booking.objects.filter(slot=slot).values_list("school_class", flat=True)) == {
        holder.pk,
        classes[0].pk,
        classes[1].pk,
    }
    assert [e.school_class for e in WaitingListEntry.objects.all()] == [classes[2]]


def test_saving_a_slot_keeps_the_count_of_bookings_made_meanwhile():
    slot = SessionSlotFactory(capacity=5)
    stale = SessionSlot.objects.get(pk=slot.pk)  # as the admin's form loaded it
    BookingFactory(slot=slot, school_class=SchoolClassFactory(edition=slot.edition))
    stale.capacity = 6
    stale.save()
    assert (booked(slot), SessionSlot.objects.get(pk=slot.pk).capacity) == (1, 6)


def test_a_deleted_booked_class_gives_its_place_to_the_line(django_capture_on_commit_callbacks):
    slot = full_slot()
    holder = Booking.objects.get(slot=slot).school_class
    waiting = SchoolClassFactory(edition=slot.edition)
    wait(waiting, slot)
    with django_capture_on_commit_callbacks(execute=True):
        SchoolClass.objects.filter(pk=holder.pk).delete()
    assert Booking.objects.get(slot=slot).school_class == waiting


def test_a_past_slot_gives_no_place(django_capture_on_commit_callbacks):
    slot = full_slot()
    waiting = SchoolClassFactory(edition=slot.edition)
    wait(waiting, slot)
    Booking.objects.filter(slot=slot).delete()  # freed after the session began
    made = waiting_list.offer_places(
        slot_id=slot.pk, now=slot.starts_at + datetime.timedelta(minutes=5)
    )
    assert made == []
    assert not Booking.objects.filter(school_class=waiting).exists()


class RefusalTests:
    def test_a_slot_with_places_is_booked_not_waited_for(self):
        slot = SessionSlotFactory(capacity=2)
        with pytest.raises(SlotNotFull) as raised:
            wait(SchoolClassFactory(edition=slot.edition), slot)
        assert str(raised.value.message) == (
            "Ce créneau a encore des places : réservez-le directement."
        )

    def test_a_booked_class_does_not_wait(self):
        slot = full_slot()
        school_class = BookingFactory().school_class
        with pytest.raises(AlreadyBooked):
            wait(school_class, slot)

    def test_once_per_slot_and_three_slots_at_most(self):
        school_class = SchoolClassFactory()
        slots = [full_slot() for _ in range(4)]
        wait(school_class, slots[0])
        with pytest.raises(AlreadyWaiting):
            wait(school_class, slots[0])
        wait(school_class, slots[1])
        wait(school_class, slots[2])
        with pytest.raises(TooManyWaits):
            wait(school_class, slots[3])
        assert WaitingListEntry.objects.count() == 3

    def test_past_unknown_and_other_teachers(self):
        slot = full_slot()
        school_class = SchoolClassFactory(edition=slot.edition)
        with pytest.raises(SlotPast):
            wait(school_class, slot, now=slot.starts_at)
        with pytest.raises(UnknownSlot):
            waiting_list.join(teacher=school_class.teacher, class_id=school_class.pk, slot_id="x")
        with pytest.raises(NotYours):
            waiting_list.join(
                teacher=SchoolClassFactory().teacher, class_id=school_class.pk, slot_id=slot.pk
            )
        with pytest.raises(NotWaiting):
            waiting_list.leave(
                teacher=school_class.teacher, class_id=school_class.pk, slot_id=slot.pk
            )
        assert not WaitingListEntry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_freed_places_racing_with_direct_bookings_never_overfill_the_slot():
    from tests.schools.test_booking import run_concurrently

    slot = full_slot(capacity=3)
    holders = [b.school_class for b in Booking.objects.filter(slot=slot)]
    waiting = [SchoolClassFactory(edition=slot.edition) for _ in range(5)]
    for school_class in waiting:
        wait(school_class, slot)
    direct = [SchoolClassFactory(edition=slot.edition) for _ in range(12)]

    def direct_booking(school_class):
        return booking.book(teacher=school_class.teacher, class_id=school_class.pk, slot_id=slot.pk)

    run_concurrently(
        [lambda c=c: cancel(c) for c in holders] + [lambda c=c: direct_booking(c) for c in direct]
    )

    rows = Booking.objects.filter(slot=slot).count()
    assert (rows, booked(slot)) == (3, 3)
    # Whoever won the places, a promoted class left the list and the rest still wait in order.
    promoted = Booking.objects.filter(slot=slot, school_class__in=waiting).count()
    assert WaitingListEntry.objects.count() == 5 - promoted


def test_an_archived_edition_keeps_no_waiting_list_and_gives_no_place(
    django_capture_on_commit_callbacks,
):
    slot = full_slot()
    waiting, late = (SchoolClassFactory(edition=slot.edition) for _ in range(2))
    wait(waiting, slot)
    slot.edition.state = "archived"
    slot.edition.save()
    with pytest.raises(ClassesClosed):
        wait(late, slot)
    Booking.objects.filter(slot=slot).delete()
    assert waiting_list.offer_places(slot_id=slot.pk) == []
    assert not Booking.objects.filter(school_class=waiting).exists()
