"""A counsellor's group of job seekers joining its session in a real Chromium against the real
ASGI server: the member types the group's code, picks a pseudonym, explores with the session
bar, and the counsellor's console shows the member online — with the words for adults."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.browser.conftest import build_client
from tests.fair.factories import SessionSlotFactory
from tests.schools.factories import BookingFactory, GroupFactory, PupilFactory

from .test_class_session import asgi_server, logged_in_cookie, new_page  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_counsellors_group_joins_its_session(browser, asgi_server, tmp_path):  # noqa: F811
    build_client()
    group = GroupFactory(pupil_count=2, name="Atelier industrie")
    member, _other = (
        PupilFactory(school_class=group, pseudonym=name) for name in ("Grue Rapide", "Vanne Calme")
    )
    BookingFactory(
        school_class=group,
        slot=SessionSlotFactory(starts_at=timezone.now() - datetime.timedelta(minutes=5)),
    )

    counsellor_page, counsellor_errors = new_page(
        browser, asgi_server, cookie=logged_in_cookie(group.teacher.user)
    )
    counsellor_page.goto(reverse("schools:console", args=[group.pk]))
    counsellor_page.wait_for_selector("[data-console][data-live=yes]")
    assert counsellor_page.locator("h1").inner_text() == "Console du groupe Atelier industrie"
    assert "Participant·es du groupe" in counsellor_page.locator("caption").inner_text()

    page, errors = new_page(browser, asgi_server)
    page.goto(reverse("schools:join") + "?vue=texte")
    page.get_by_label("Code de classe ou de groupe").fill(group.code)
    page.keyboard.press("Enter")
    # The join page has its own h1: wait for the next page's, not for any.
    page.get_by_role(
        "heading", name="Groupe Atelier industrie : choisissez votre pseudonyme", exact=True
    ).wait_for()
    page.get_by_role("button", name="Grue Rapide").click()
    # The hour's first question (optional), then the town's text view.
    page.get_by_role("button", name="Passer et explorer la ville").click()
    page.wait_for_url("**/ville/texte/?bienvenue=1")
    bar = page.locator("[data-session-bar]")
    assert bar.locator(".session-who").inner_text() == "Grue Rapide"
    assert "Bienvenue ! Explorez la ville" in bar.inner_text()

    counsellor_page.wait_for_selector(
        f'tr[data-pupil="{member.pk}"][data-connected=yes]', timeout=15_000
    )
    page.screenshot(path=tmp_path / "member.png", full_page=True)
    counsellor_page.screenshot(path=tmp_path / "console.png", full_page=True)
    assert errors + counsellor_errors == []
