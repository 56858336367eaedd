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
