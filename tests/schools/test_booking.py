import datetime
import threading

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django_tasks_db.models import DBTaskResult

from tests.fair.factories import EditionFactory, SessionSlotFactory
from tests.schools.factories import BookingFactory, SchoolClassFactory, TeacherFactory
from usine.fair.models import SessionSlot
from usine.schools import booking
from usine.schools.errors import (
    AlreadyBooked,
    BookingStarted,
    ClassesClosed,
    NoBooking,
    NotYours,
    SchoolsError,
    SlotFull,
    SlotPast,
)
from usine.schools.models import Booking


def book(school_class, slot, **kwargs):
    return booking.book(
        teacher=school_class.teacher, class_id=school_class.pk, slot_id=slot.pk, **kwargs
    )


def booked(slot) -> int:
    return SessionSlot.objects.get(pk=slot.pk).booked


@pytest.mark.django_db
class BookingTests:
    def test_booking_takes_a_place_and_queues_the_invitation(
        self, django_capture_on_commit_callbacks
    ):
        slot = SessionSlotFactory(capacity=2)
        school_class = SchoolClassFactory(edition=slot.edition)
        with django_capture_on_commit_callbacks(execute=True):
            made = book(school_class, slot)
        assert made.slot == slot
        assert booked(slot) == 1
        queued = DBTaskResult.objects.get()
        assert queued.task_path == "usine.schools.tasks.send_booking_invitation"
        assert queued.args_kwargs == {"args": [made.pk, False], "kwargs": {}}
        assert mail.outbox == []  # the worker sends it, not the request

    def test_a_full_slot_says_complet_and_writes_nothing(self):
        slot = SessionSlotFactory(capacity=1)
        BookingFactory(slot=slot)
        late = SchoolClassFactory(edition=slot.edition)
        with pytest.raises(SlotFull) as raised:
            book(late, slot)
        assert "complet" in str(raised.value.message)
        assert booked(slot) == 1
        assert not Booking.objects.filter(school_class=late).exists()

    def test_a_slot_that_has_started_cannot_be_booked(self):
        slot = SessionSlotFactory()
        school_class = SchoolClassFactory(edition=slot.edition)
        with pytest.raises(SlotPast):
            book(school_class, slot, now=slot.starts_at + datetime.timedelta(minutes=1))
        assert booked(slot) == 0

    def test_a_class_holds_one_booking(self):
        first, second = SessionSlotFactory(), SessionSlotFactory()
        school_class = SchoolClassFactory(edition=first.edition)
        book(school_class, first)
        with pytest.raises(AlreadyBooked):
            book(school_class, second)
        assert (booked(first), booked(second)) == (1, 0)

    def test_another_teachers_class_is_not_found(self):
        slot = SessionSlotFactory()
        school_class = SchoolClassFactory(edition=slot.edition)
        with pytest.raises(NotYours):
            booking.book(teacher=TeacherFactory(), class_id=school_class.pk, slot_id=slot.pk)
        assert booked(slot) == 0

    def test_a_slot_of_another_edition_or_unknown_is_refused(self):
        slot = SessionSlotFactory(edition=EditionFactory(state="draft"))
        school_class = SchoolClassFactory()
        with pytest.raises(SchoolsError):
            book(school_class, slot)
        with pytest.raises(SchoolsError):
            booking.book(teacher=school_class.teacher, class_id=school_class.pk, slot_id="x")

    def test_cancelling_frees_the_place_at_once(self):
        slot = SessionSlotFactory(capacity=1)
        school_class = SchoolClassFactory(edition=slot.edition)
        book(school_class, slot)
        booking.cancel(teacher=school_class.teacher, class_id=school_class.pk)
        assert booked(slot) == 0
        other = SchoolClassFactory(edition=slot.edition)
        book(other, slot)
        assert booked(slot) == 1
        with pytest.raises(NoBooking):
            booking.cancel(teacher=school_class.teacher, class_id=school_class.pk)

    def test_a_started_session_cannot_be_cancelled(self):
        made = BookingFactory()
        with pytest.raises(BookingStarted):
            booking.cancel(
                teacher=made.school_class.teacher,
                class_id=made.school_class_id,
                now=made.slot.starts_at,
            )
        assert booked(made.slot) == 1

    def test_a_booking_is_cancellable_until_its_session_starts(self):
        made = BookingFactory()
        starts = made.slot.starts_at
        assert booking.cancellable(made, now=starts - datetime.timedelta(seconds=1)) is True
        assert booking.cancellable(made, now=starts) is False
        assert booking.cancellable(made, now=starts + datetime.timedelta(minutes=10)) is False

    def test_deleting_a_booked_class_frees_its_place(self):
        made = BookingFactory()
        made.school_class.delete()
        assert booked(made.slot) == 0

    def test_the_database_itself_refuses_an_overbooked_slot(self):
        slot = SessionSlotFactory(capacity=3)
        with pytest.raises(IntegrityError), transaction.atomic():
            SessionSlot.objects.filter(pk=slot.pk).update(booked=F("capacity") + 1)


def run_concurrently(attempts):
    """Runs every attempt in its own thread (its own database connection), all released at once;
    returns what each returned or raised."""
    barrier = threading.Barrier(len(attempts))
    results = [None] * len(attempts)

    def run(index, attempt):
        try:
            barrier.wait(timeout=30)
            results[index] = attempt()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_of_one_slot_never_exceed_its_capacity():
    slot = SessionSlotFactory(capacity=10)
    classes = [SchoolClassFactory(edition=slot.edition) for _ in range(100)]
    results = run_concurrently([lambda c=c: book(c, slot) for c in classes])
    succeeded = [r for r in results if isinstance(r, Booking)]
    full = [r for r in results if isinstance(r, SlotFull)]
    assert (len(succeeded), len(full)) == (10, 90), [r for r in results if isinstance(r, Exception)]
    assert booked(slot) == 10
    assert Booking.objects.filter(slot=slot).count() == 10


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_of_one_class_keep_one_and_roll_the_others_back():
    slots = [SessionSlotFactory(capacity=5) for _ in range(6)]
    school_class = SchoolClassFactory(edition=slots[0].edition)
    results = run_concurrently([lambda s=s: book(school_class, s) for s in slots * 3])
    assert sum(isinstance(r, Booking) for r in results) == 1
    assert all(isinstance(r, Booking | AlreadyBooked) for r in results), results
    assert sum(booked(slot) for slot in slots) == 1
    assert Booking.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_cancels_free_one_place_only():
    made = BookingFactory(slot=SessionSlotFactory(capacity=2))
    teacher, class_id = made.school_class.teacher, made.school_class_id
    results = run_concurrently([lambda: booking.cancel(teacher=teacher, class_id=class_id)] * 8)
    assert sum(r is None for r in results) == 1
    assert all(r is None or isinstance(r, NoBooking) for r in results), results
    assert booked(made.slot) == 0


CLOSED = (
    "Le salon est terminé : les réservations et les sessions de classe sont fermées. La ville, "
    "ses bâtiments et les replays du Forum restent ouverts à tous."
)


@pytest.mark.django_db
def test_an_archived_edition_takes_no_booking():
    slot = SessionSlotFactory(capacity=2)
    school_class = SchoolClassFactory(edition=slot.edition)
    slot.edition.state = "archived"
    slot.edition.save()
    with pytest.raises(ClassesClosed) as raised:
        book(school_class, slot)
    assert str(raised.value.message) == CLOSED
    assert booked(slot) == 0
