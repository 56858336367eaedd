"""Helpers of the class-session tests: a booked class whose slot starts when the test says,
and a pupil's browser session holding a seat."""

import datetime

from django.contrib.sessions.backends.cached_db import SessionStore
from django.utils import timezone

from tests.fair.factories import SessionSlotFactory
from tests.schools.factories import BookingFactory, PupilFactory, SchoolClassFactory
from usine.schools.join import PUPIL_SESSION_KEY
from usine.schools.models import SeatClaim


def booked_class(*, started_ago=datetime.timedelta(minutes=10), pupils=3, **slot):
    """A class with `pupils` pseudonyms and a booking in a slot that started `started_ago`."""
    school_class = SchoolClassFactory(pupil_count=pupils)
    for number in range(pupils):
        PupilFactory(school_class=school_class, pseudonym=f"Grue Rapide {number + 1}")
    booking = BookingFactory(
        school_class=school_class,
        slot=SessionSlotFactory(
            edition=school_class.edition, starts_at=timezone.now() - started_ago, **slot
        ),
    )
    return booking


def seated_session(pupil) -> str:
    """A browser session holding the pupil's seat, as the join flow leaves it; its key."""
    store = SessionStore()
    store[PUPIL_SESSION_KEY] = pupil.pk
    store.save()
    SeatClaim.objects.create(pupil=pupil, session_key=store.session_key)
    return store.session_key
