"""Every page a pupil in session can open carries the session bar: its time left, its passport,
and at minute 60 the move to the live exchange (a page without it keeps the pupil away)."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.exhibits.factories import JobProfileFactory
from tests.fair.factories import BuildingFactory
from tests.forum.factories import TalkFactory
from tests.games.factories import QuizFactory
from tests.schools.helpers import booked_class, seated_session

pytestmark = pytest.mark.django_db


def pages_of(edition) -> dict[str, str]:
    """The pages a pupil opens during the hour, by what they are."""
    building = BuildingFactory(edition=edition)
    QuizFactory(company=building.company)
    JobProfileFactory(company=building.company)
    bare = BuildingFactory(edition=edition)  # no quiz
    talk = TalkFactory(edition=edition)
    return {
        "town": reverse("town:town"),
        "text view": reverse("town:text"),
        "inside a building": reverse("town:inside", args=[building.slug]),
        "building and its jobs": reverse("exhibits:building", args=[building.slug]),
        "company desk": reverse("desk:ask", args=[building.slug]),
        "quiz": reverse("games:quiz", args=[building.slug]),
        "building without quiz": reverse("games:quiz", args=[bare.slug]),
        "orientation": reverse("games:orientation"),
        "orientation result": reverse("games:orientation_result", args=["IAS"]),
        "orientation, unknown profile": reverse("games:orientation_result", args=["XYZ"]),
        "challenge": reverse("games:challenge"),
        "forum programme": reverse("forum:programme"),
        "forum talk": reverse("forum:talk", args=[talk.slug]),
        "privacy": reverse("about:privacy"),
        "accessibility": reverse("about:accessibility"),
        "legal notice": reverse("about:legal_notice"),
        "contact": reverse("about:contact"),
    }


def test_every_page_a_pupil_opens_in_session_shows_the_session_bar():
    booking = booked_class(pupils=1)
    pages = pages_of(booking.school_class.edition)
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = seated_session(booking.school_class.pupils.get())
    without = []
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code in (200, 404), (name, response.status_code)
        if "data-session-bar" not in response.content.decode():
            without.append(name)
    assert without == []


def passport_summary(page: str) -> str:
    """The session bar's passport line as read: tags dropped, spaces joined."""
    summary = page[page.index('<details class="session-passport"') :]
    summary = summary[summary.index("<summary>") + len("<summary>") : summary.index("</summary>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", summary)).strip()


@pytest.mark.parametrize(
    ("language", "summary"),
    [
        ("fr", "Passeport : 0/5 bâtiments, 0/3 secteurs"),
        ("en", "Passport: 0/5 buildings, 0/3 sectors"),
    ],
)
def test_the_passport_line_is_punctuated_in_the_pupils_language(language, summary):
    booking = booked_class(pupils=1)
    client = Client(headers={"Accept-Language": language})
    client.cookies[settings.SESSION_COOKIE_NAME] = seated_session(booking.school_class.pupils.get())
    page = client.get(reverse("town:text")).content.decode()
    assert passport_summary(page) == summary
