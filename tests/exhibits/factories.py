"""Companies and what they show in their building: job profiles, training routes, testimonials,
demos; and the exhibitors who edit them."""

import datetime

import factory
from django.utils import timezone

from tests.users.factories import UserFactory
from usine.exhibits.catalogue import add_catalogue
from usine.exhibits.models import (
    Company,
    Demo,
    DemoPhoto,
    Exhibitor,
    JobProfile,
    PresenceSlot,
    Sector,
    Testimonial,
    Trade,
    TrainingRoute,
)


class TradeFactory(factory.django.DjangoModelFactory):
    """A trade outside the catalogue the migrations load (no ROME code unless given)."""

    class Meta:
        model = Trade

    name = factory.Sequence(lambda n: f"Métier d'essai {n}")
    masculine = factory.LazyAttribute(lambda o: o.name)
    feminine = factory.LazyAttribute(lambda o: o.name)
    name_en = factory.Sequence(lambda n: f"Test trade {n}")
    family = Trade.Family.METAL


def catalogue_trade(code: str) -> Trade:
    """A trade of the catalogue, by its ROME code (loaded again after a transactional test
    emptied the tables)."""
    if not Trade.objects.filter(code=code).exists():
        add_catalogue(Trade)
    return Trade.objects.get(code=code)


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"Ateliers {n}")
    slug = factory.Sequence(lambda n: f"ateliers-{n}")
    sector = Sector.METALLURGY
    city = "Aix-en-Provence"
    description = "Robinetterie industrielle pour l'énergie et la chimie."


class TrainingRouteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRoute

    kind = TrainingRoute.Kind.CAP
    name = factory.Sequence(lambda n: f"CAP Réalisations industrielles {n}")
    duration_years = 2
    after = "la 3e"
    after_en = "lower secondary school (3e)"


class JobProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobProfile

    company = factory.SubFactory(CompanyFactory)
    trade = factory.SubFactory(TradeFactory)
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


class DemoPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DemoPhoto

    demo = factory.SubFactory(DemoFactory)
    image = factory.django.ImageField(filename="photo.jpg", width=32, height=24)
    alt_text = "Une soudeuse assemble un corps de vanne."


class ExhibitorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exhibitor

    user = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory)


class PresenceSlotFactory(factory.django.DjangoModelFactory):
    """Someone at the building's desk now (from ten minutes ago, for an hour) unless told."""

    class Meta:
        model = PresenceSlot

    building = factory.SubFactory("tests.fair.factories.BuildingFactory")
    host = factory.SubFactory(UserFactory)
    host_label = "Claire, soudeuse"
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(minutes=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=1))
