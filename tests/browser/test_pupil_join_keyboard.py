"""The pupil's join flow with the keyboard alone: code, pseudonym, into the town; a taken
pseudonym cannot be reached, and a wrong code is announced."""

import datetime

import pytest
from django.utils import timezone

from tests.browser.conftest import wait_until
from tests.fair.factories import SessionSlotFactory
from tests.schools.factories import BookingFactory, PupilFactory, SchoolClassFactory
from usine.schools.models import SeatClaim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def focused(page) -> str:
    return page.evaluate(
        "(() => { const e = document.activeElement;"
        " return `${e.tagName.toLowerCase()}:${e.id || e.textContent.trim()}`; })()"
    )


def wait_focus_on(page, selector: str) -> None:
    """Autofocus lands a moment after the page loads."""
    wait_until(
        page,
        "(selector) => document.activeElement === document.querySelector(selector)",
        arg=selector,
    )


def test_a_pupil_joins_with_the_keyboard_alone(page, live_server):
    school_class = SchoolClassFactory(pupil_count=3)
    taken, mine, other = (
        PupilFactory(school_class=school_class, pseudonym=name)
        for name in ("Boulon Agile", "Grue Rapide", "Vanne Calme")
    )
    SeatClaim.objects.create(pupil=taken, session_key="another-browser")
    BookingFactory(
        school_class=school_class,
        slot=SessionSlotFactory(
            edition=school_class.edition,
            starts_at=timezone.now() - datetime.timedelta(minutes=5),
        ),
    )

    page.goto(f"{live_server.url}/rejoindre/")
    wait_focus_on(page, "#join-code")  # the code field has the focus from the start

    # A wrong code first: the message is an alert, the field keeps the focus.
    page.keyboard.type("2345 6789 abcd")
    page.keyboard.press("Enter")
    alert = page.get_by_role("alert")
    assert "Ce code ne correspond à aucune classe." in alert.inner_text()
    wait_focus_on(page, "#join-code")

    page.keyboard.press("Control+A")
    page.keyboard.type(school_class.code.lower())
    page.keyboard.press("Enter")

    # The pseudonyms are buttons; the taken one is disabled, so Tab never stops on it.
    wait_focus_on(page, f"button[value='{mine.pk}']")
    stops = []
    for _press in range(2):
        stops.append(focused(page))
        page.keyboard.press("Tab")
    assert stops == [f"button:{mine.pseudonym}", f"button:{other.pseudonym}"]
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert focused(page) == f"button:{mine.pseudonym}"
    page.keyboard.press("Enter")

    # The two optional questions come first; skipped from the keyboard.
    page.wait_for_url(f"{live_server.url}/classe/questionnaire/")
    page.get_by_role("button", name="Passer et explorer la ville").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/?bienvenue=1")
    bar = page.locator("[data-session-bar]")
    assert bar.locator(".session-who").inner_text() == mine.pseudonym
    assert SeatClaim.objects.get(pupil=mine).session_key
    # The passport opens from the keyboard too.
    bar.locator("summary").focus()
    page.keyboard.press("Enter")
    assert bar.locator("details").get_attribute("open") is not None
