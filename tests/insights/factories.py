"""Counted events, as the recording call writes them."""

import datetime

import factory
from django.utils import timezone

from tests.fair.factories import open_edition
from usine.insights.models import Event, Kind, SurveyAnswer, VisitorKind


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    edition = factory.LazyFunction(open_edition)
    kind = Kind.PAGE
    page = "town"
    visitor_kind = VisitorKind.PUBLIC
    at = factory.LazyFunction(timezone.now)
    visitor = factory.Sequence(lambda n: f"{n:016x}")


class SurveyAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SurveyAnswer

    edition = factory.LazyAttribute(lambda o: o.school_class.edition)
    moment = SurveyAnswer.Moment.BEFORE
    score = 3


def local(year, month, day, hour, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))
