"""Schools, their teachers and classes, pupils, and the classes' bookings of session slots."""

import datetime

import factory
from django.db.models import F

from tests.fair.factories import SessionSlotFactory, open_edition
from tests.users.factories import UserFactory
from usine.fair.models import SessionSlot
from usine.schools import codes
from usine.schools.models import Booking, Pupil, School, SchoolClass, Teacher


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        # A school is one row per UAI (its official number): teachers of a test share it.
        django_get_or_create = ["uai"]

    uai = "0750654D"
    name = "Lycée Henri-IV"
    town = "Paris"


class TeacherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Teacher

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    # As a teacher who went through sign-up and followed the e-mail's link.
    email_confirmed_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))


class SchoolClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolClass

    teacher = factory.SubFactory(TeacherFactory)
    edition = factory.LazyFunction(open_edition)
    name = factory.Sequence(lambda n: f"3e {n}")
    level = SchoolClass.Level.TROISIEME
    pupil_count = 24
    code = factory.LazyFunction(codes.new_code)


class PupilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pupil

    school_class = factory.SubFactory(SchoolClassFactory)
    pseudonym = factory.Sequence(lambda n: f"Boulon Agile {n}")


class BookingFactory(factory.django.DjangoModelFactory):
    """A booking made directly (bypassing the service): bumps the slot's counter to match."""

    class Meta:
        model = Booking

    school_class = factory.SubFactory(SchoolClassFactory)
    slot = factory.SubFactory(
        SessionSlotFactory, edition=factory.SelfAttribute("..school_class.edition")
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        booking = super()._create(model_class, *args, **kwargs)
        SessionSlot.objects.filter(pk=booking.slot_id).update(booked=F("booked") + 1)
        booking.slot.refresh_from_db()
        return booking


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An organisation that accompanies job seekers: no UAI."""

    class Meta:
        model = School

    kind = School.Kind.EMPLOYMENT
    uai = None
    name = "France Travail — agence de Marignane"
    town = "Marignane"


class CounsellorFactory(TeacherFactory):
    """A counsellor: a teacher row whose school is an organisation."""

    school = factory.SubFactory(OrganisationFactory)


class GroupFactory(SchoolClassFactory):
    """A counsellor's group of job seekers."""

    teacher = factory.SubFactory(CounsellorFactory)
    name = factory.Sequence(lambda n: f"Atelier industrie {n}")
    level = SchoolClass.Level.JOB_SEEKERS
    pupil_count = 12
