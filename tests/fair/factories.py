"""Editions, the buildings of their town and their class session slots."""

import datetime

import factory

from tests.exhibits.factories import CompanyFactory
from usine.fair.models import Building, Edition, SessionSlot


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition

    name = factory.Sequence(lambda n: f"Salon de l'industrie {2021 + n}")
    slug = factory.Sequence(lambda n: f"salon-{2021 + n}")
    starts_on = datetime.date(2021, 11, 22)
    ends_on = datetime.date(2021, 11, 26)
    state = Edition.State.OPEN


def open_edition() -> Edition:
    """The open edition if there is one, else a new one: only one edition may be open, so
    factories of what belongs to "the" edition (classes, slots, professionals) share it."""
    return Edition.objects.filter(state=Edition.State.OPEN).first() or EditionFactory()


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


class SessionSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionSlot

    edition = factory.LazyFunction(open_edition)
    # Far in the future by default, so the slot can be booked whatever today is.
    starts_at = factory.Sequence(
        lambda n: (
            datetime.datetime(2031, 11, 24, 8, 30, tzinfo=datetime.UTC)
            + datetime.timedelta(hours=2 * n)
        )
    )
    capacity = 10
