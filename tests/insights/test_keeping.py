"""The purge keeps only aggregates: the figures as shown, never an answer or a raw event."""

import datetime

import pytest
from django.urls import reverse

from tests.fair.factories import BuildingFactory, EditionFactory
from tests.insights.factories import EventFactory, SurveyAnswerFactory
from tests.schools.factories import SchoolClassFactory
from tests.users.factories import UserFactory
from usine.fair.models import Edition
from usine.insights import rollup
from usine.insights.models import DailyCount, Event, FrozenFigures, Kind, SurveyAnswer
from usine.schools.retention import purge_personal_data

pytestmark = pytest.mark.django_db


def test_the_purge_freezes_the_figures_and_deletes_answers_and_raw_events(client):
    edition = EditionFactory(
        state=Edition.State.ARCHIVED,
        starts_on=datetime.date(2020, 11, 23),
        ends_on=datetime.date(2020, 11, 27),
    )
    building = BuildingFactory(edition=edition)
    for number in range(15):
        EventFactory(edition=edition, kind=Kind.BUILDING, building=building, visitor=f"v{number}")
    rollup.roll_up()
    EventFactory(edition=edition, kind=Kind.BUILDING, building=building)  # not rolled up yet
    school_class = SchoolClassFactory(edition=edition)
    for _ in range(12):
        SurveyAnswerFactory(school_class=school_class, score=2)
        SurveyAnswerFactory(school_class=school_class, moment="after", score=4, before_score=2)

    purge_personal_data()

    assert SurveyAnswer.objects.filter(edition=edition).count() == 0
    assert Event.objects.filter(edition=edition).count() == 0
    assert DailyCount.objects.filter(edition=edition).exists()
    frozen = FrozenFigures.objects.get(edition=edition).figures
    shift = next(t for t in frozen["organizer"] if t["key"] == "questionnaire-niveau")
    assert [cell["text"] for cell in shift["rows"][0]["cells"]] == [
        "12",
        "12",
        "12",
        "2,0",
        "4,0",
        "2,00",
    ]
    client.force_login(UserFactory(is_staff=True))
    page = client.get(reverse("insights:organizer", kwargs={"slug": edition.slug}))
    assert "Les données personnelles de cette édition ont été effacées" in page.content.decode()
    assert "<td>2,00</td>" in page.content.decode()
