import datetime

import pytest
from django.utils import formats, timezone, translation

from tests.exhibits.factories import TestimonialFactory
from tests.fair.factories import BuildingFactory, open_edition
from tests.media.factories import VideoFactory
from tests.professionals.factories import ProfessionalFactory
from tests.schools.factories import BookingFactory, GroupFactory, SchoolClassFactory
from usine.exhibits.models import Testimonial
from usine.insights import figures
from usine.insights.models import HourlyCount, VisitorKind
from usine.professionals.models import Professional

pytestmark = pytest.mark.django_db


def _hour(day, hour, visitors):
    HourlyCount.objects.create(
        edition=open_edition(),
        hour=timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour))),
        visitor_kind=VisitorKind.PUBLIC,
        events=visitors,
        visitors=visitors,
    )


def test_the_hours_shown_are_todays_not_a_later_days():
    today = timezone.localdate()
    _hour(today, 10, 12)
    _hour(today + datetime.timedelta(days=2), 9, 30)  # a day to come (a rehearsal's figures)
    table = figures.visitors_by_hour(open_edition())
    assert table.title == (f"Visiteurs heure par heure, {formats.date_format(today, 'l j F')}")
    assert [(row.label, [cell.text for cell in row.cells]) for row in table.rows] == [
        ("10 h", ["< 10", "12"])
    ]


def test_before_the_fair_the_hours_shown_are_its_last_days():
    later = timezone.localdate() + datetime.timedelta(days=3)
    _hour(later, 9, 30)
    table = figures.visitors_by_hour(open_edition())
    assert [row.label for row in table.rows] == ["9 h"]


def test_role_models_count_the_testimonials_a_building_shows_and_its_professionals():
    edition = open_edition()
    forge, port = (
        BuildingFactory(edition=edition, name="Forge"),
        BuildingFactory(edition=edition, name="Port"),
    )
    woman, man = Testimonial.Gender.WOMAN, Testimonial.Gender.MAN
    for gender, video in [(woman, VideoFactory()), (man, VideoFactory())]:
        TestimonialFactory(company=forge.company, published=True, gender=gender, video=video)
    # Not shown on the building's page, so not counted: converting, or not published.
    TestimonialFactory(
        company=port.company, published=True, gender=woman, video=VideoFactory(pending=True)
    )
    TestimonialFactory(company=port.company, published=False, gender=woman, video=VideoFactory())
    ProfessionalFactory(edition=edition, company=port.company, gender=Professional.Gender.MAN)

    assert figures.women_by_building(edition) == {
        forge.pk: {"testimonials": 2, "women_testimonials": 1},
        port.pk: {"professionals": 1, "women_professionals": 0},
    }
    assert figures.buildings_without_women(edition) == ["Port"]


@pytest.mark.parametrize(
    ("language", "label"), [("fr", "Sans département"), ("en", "No département")]
)
def test_a_group_without_departement_is_labelled_as_such_in_the_table_and_chart(language, label):
    edition = open_edition()
    BookingFactory(school_class=SchoolClassFactory(edition=edition))  # a school of Paris (75)
    BookingFactory(school_class=GroupFactory(edition=edition))  # job seekers: no UAI
    with translation.override(language):
        table = figures.schools_by_departement(edition)
    assert [row.label for row in table.rows] == ["75", label]
    assert [bar["label"] for bar in table.bars] == ["75", label]
