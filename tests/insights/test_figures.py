import datetime

import pytest
from django.utils import formats, timezone

from tests.fair.factories import open_edition
from usine.insights import figures
from usine.insights.models import HourlyCount, VisitorKind

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
