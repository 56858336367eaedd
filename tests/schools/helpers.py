"""Helpers of the class-session tests: a booked class whose slot starts when the test says,
a pupil's browser session holding a seat, a testimonial watched."""

import datetime

from django.contrib.sessions.backends.cached_db import SessionStore
from django.utils import timezone

from tests.fair.factories import SessionSlotFactory
from tests.media.factories import VideoFactory
from tests.schools.factories import BookingFactory, PupilFactory, SchoolClassFactory
from usine.fair.models import Building
from usine.schools import passport
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


def watch_testimonial(pupil, testimonial):
    """The pupil plays the testimonial's video through in its building, at the real pace (the
    service's clock is given); a video is attached when the testimonial has none."""
    if testimonial.video is None:
        testimonial.video = VideoFactory()
        testimonial.save(update_fields=["video"])
    building = Building.objects.get(
        edition_id=pupil.school_class.edition_id, company_id=testimonial.company_id
    )
    start = timezone.now()
    duration = testimonial.video.duration_s
    passport.record_presence(pupil=pupil, building_slug=building.slug, now=start)
    for position in (0.0, duration):
        result = passport.record_testimonial(
            pupil=pupil,
            testimonial_id=testimonial.pk,
            position=position,
            now=start + datetime.timedelta(seconds=position),
        )
    return result
