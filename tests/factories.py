"""Factories for the fair's objects. Engineers add theirs at the end of this file."""

import datetime

import factory
from django.contrib.auth import get_user_model

from usine.exhibits.models import (
    Company,
    Demo,
    Exhibitor,
    JobProfile,
    Sector,
    Testimonial,
    TrainingRoute,
)
from usine.fair.models import Building, Edition


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    name = factory.Sequence(lambda n: f"Salon de l'industrie {2021 + n}")
    slug = factory.Sequence(lambda n: f"salon-{2021 + n}")
    starts_on = datetime.date(2021, 11, 22)
    ends_on = datetime.date(2021, 11, 26)
    state = Edition.State.OPEN


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Ateliers {n}")
    slug = factory.Sequence(lambda n: f"ateliers-{n}")
    sector = Sector.METALLURGY
    city = "Aix-en-Provence"
    description = "Robinetterie industrielle pour l'énergie et la chimie."


class BuildingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Building

    edition = factory.SubFactory(EditionFactory)
    company = factory.SubFactory(CompanyFactory)
    slug = factory.LazyAttribute(lambda o: o.company.slug)
    name = factory.LazyAttribute(lambda o: f"Site de {o.company.name}")
    look = Building.Look.WORKSHOP
    # Successive buildings fill the 8-column land grid of the town layout.
    x = factory.Sequence(lambda n: -140.0 + 40.0 * (n % 8))
    z = factory.Sequence(lambda n: -120.0 + 40.0 * ((n // 8) % 4))
    orientation = 0.0
    zone = Building.Zone.LAND


class TrainingRouteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRoute

    kind = TrainingRoute.Kind.CAP
    name = factory.Sequence(lambda n: f"CAP Réalisations industrielles {n}")
    duration_years = 2
    after = "la 3e"


class JobProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobProfile

    company = factory.SubFactory(CompanyFactory)
    title = factory.Sequence(lambda n: f"Soudeur·se {n}")
    description = "Assembler des pièces métalliques par fusion."
    skills = "Lire un plan\nRégler un poste à souder"
    working_conditions = "Atelier, équipements de protection, horaires en équipe."
    salary_min = 1900
    salary_max = 2800
    in_shortage = True


class TestimonialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Testimonial

    company = factory.SubFactory(CompanyFactory)
    first_name = factory.Sequence(lambda n: f"Camille{n}")
    role = Testimonial.Role.APPRENTICE
    gender = Testimonial.Gender.WOMAN
    job = None
    job_label = "Apprentie soudeuse"
    transcript = "Je soude des corps de vannes."


class DemoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Demo

    company = factory.SubFactory(CompanyFactory)
    title = factory.Sequence(lambda n: f"Démonstration {n}")
    kind = Demo.Kind.PHOTOS


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"personne{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("motdepasse-solide-42")


class ExhibitorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exhibitor

    user = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory)


# ---- Factories added by other parts of the code base go below this line. -----------------------


# Media and demo photos (added by the media/exhibitor pages part).
from usine.exhibits.models import DemoPhoto as _DemoPhoto  # noqa: E402
from usine.media.models import Video as _Video  # noqa: E402

SAMPLE_VTT = b"WEBVTT\n\n00:00:00.000 --> 00:00:01.500\nBonjour, je suis soudeuse.\n"

if "VideoFactory" not in globals():

    class VideoFactory(factory.django.DjangoModelFactory):
        """A transcoded video with captions (files are placeholders; use the media tests' real
        clip when the bytes matter). `VideoFactory(pending=True)` is a fresh upload."""

        class Meta:
            model = _Video

        class Params:
            pending = factory.Trait(
                status=_Video.Status.PENDING, progress=0, playlist="", poster="", captions=None
            )

        source = factory.django.FileField(filename="clip.mp4", data=b"not really a video")
        status = _Video.Status.READY
        progress = 100
        duration_s = 3.0
        width = 640
        height = 360
        playlist = factory.Sequence(lambda n: f"videos/hls/{n}-test/master.m3u8")
        poster = factory.Sequence(lambda n: f"videos/hls/{n}-test/poster.jpg")
        captions = factory.django.FileField(filename="captions.vtt", data=SAMPLE_VTT)


if "DemoPhotoFactory" not in globals():

    class DemoPhotoFactory(factory.django.DjangoModelFactory):
        class Meta:
            model = _DemoPhoto

        demo = factory.SubFactory(DemoFactory)
        image = factory.django.ImageField(filename="photo.jpg", width=32, height=24)
        alt_text = "Une soudeuse assemble un corps de vanne."


# ---- Schools: teachers, classes, pupils, session slots (issue 4) ---------------------------------
from django.db.models import F  # noqa: E402

from usine.fair.models import SessionSlot  # noqa: E402
from usine.schools import codes as _class_codes  # noqa: E402
from usine.schools.models import Booking, Pupil, School, SchoolClass, Teacher  # noqa: E402


def _open_edition():
    """The open edition if there is one (only one may be open), else a new one."""
    return Edition.objects.filter(state=Edition.State.OPEN).first() or EditionFactory()


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ["uai"]

    uai = "0750654D"
    name = "Lycée Henri-IV"
    town = "Paris"


class TeacherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Teacher

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    email_confirmed_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))


class SchoolClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolClass

    teacher = factory.SubFactory(TeacherFactory)
    edition = factory.LazyFunction(_open_edition)
    name = factory.Sequence(lambda n: f"3e {n}")
    level = SchoolClass.Level.TROISIEME
    pupil_count = 24
    code = factory.LazyFunction(_class_codes.new_code)


class PupilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pupil

    school_class = factory.SubFactory(SchoolClassFactory)
    pseudonym = factory.Sequence(lambda n: f"Boulon Agile {n}")


class SessionSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionSlot

    edition = factory.LazyFunction(_open_edition)
    # Far in the future by default, so the slot can be booked whatever today is.
    starts_at = factory.Sequence(
        lambda n: (
            datetime.datetime(2031, 11, 24, 8, 30, tzinfo=datetime.UTC)
            + datetime.timedelta(hours=2 * n)
        )
    )
    capacity = 10


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


# ---- Live exchanges: professionals (issue 5 §1) --------------------------------------------------
from usine.professionals.models import Professional as _Professional  # noqa: E402


class ProfessionalFactory(factory.django.DjangoModelFactory):
    """A professional ready to be scheduled: open account, job, charter accepted. Their job's
    company has a building in the edition. `ProfessionalFactory(slots=[slot, …])` declares slots."""

    class Meta:
        model = _Professional
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    edition = factory.LazyFunction(_open_edition)
    first_name = factory.Sequence(lambda n: f"Alex{n}")
    company = factory.SubFactory(CompanyFactory)
    job = factory.SubFactory(JobProfileFactory, company=factory.SelfAttribute("..company"))
    presentation = "Je conçois des vannes pour l'industrie chimique."
    charter_accepted_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))
    max_per_day = 3

    @factory.post_generation
    def in_town(obj, create, extracted, **kwargs):
        in_town = Building.objects.filter(edition=obj.edition, company=obj.company).exists()
        if create and obj.company_id and not in_town:
            BuildingFactory(edition=obj.edition, company=obj.company)

    @factory.post_generation
    def slots(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.available_slots.set(extracted)
