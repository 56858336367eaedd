"""A visitor goes from the town's Forum to the programme and a talk, in a real Chromium."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.fair.factories import BuildingFactory, EditionFactory
from tests.forum.factories import SpeakerFactory, StageFactory, TalkFactory
from usine.forum.services import set_talk_state

from .conftest import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def forum():
    edition = EditionFactory()
    for x in (-140.0, -100.0, -60.0):
        BuildingFactory(edition=edition, x=x, z=-40.0, orientation=180.0)
    stage = StageFactory(edition=edition, name="Grand amphithéâtre")
    now = timezone.now()
    # Begun today in the fair's time zone, even a few minutes after midnight: the panel says
    # "Ensuite, à …" for today's talks only.
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    opening = TalkFactory(
        edition=edition,
        stage=stage,
        title="Ouverture du Forum",
        slug="ouverture",
        starts_at=max(
            now - datetime.timedelta(minutes=10), midnight + datetime.timedelta(minutes=1)
        ),
        ends_at=now + datetime.timedelta(minutes=20),
        speakers=[
            SpeakerFactory(edition=edition, name="Hélène Marchand", role="Ministre déléguée")
        ],
    )
    TalkFactory(
        edition=edition,
        stage=stage,
        title="Les femmes dans l'industrie",
        slug="femmes-industrie",
        kind="round_table",
        starts_at=now + datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(hours=2),
    )
    return opening


def test_from_the_towns_forum_to_the_programme_and_a_talk(page, live_server, forum):
    page.goto(live_server.url + reverse("town:town"))
    wait_until(page, "window.usineTown && window.usineTown.loop")
    assert page.evaluate("window.usineTown.ready.then(() => true)") is True
    panel = page.locator("[data-forum-on-air]")
    assert "Ensuite, à" in panel.inner_text()
    assert "En direct" not in panel.inner_text()

    # The organizers put the opening on air: the panel says so within seconds, no reload.
    set_talk_state(talk=forum, state="live")
    wait_until(page, "document.querySelector('[data-forum-on-air] .live-badge')", timeout=25_000)
    assert "Ouverture du Forum" in panel.locator(".forum-live").inner_text()

    # The Forum's auditorium stands in the 3D town: hovering names it, clicking enters.
    point = page.evaluate("usineTown.screenPoint('forum')")
    assert point["visible"] is True
    page.mouse.move(point["x"], point["y"])
    label = page.locator("[data-town-label]")
    wait_until(page, "!document.querySelector('[data-town-label]').hidden")
    assert label.locator("[data-label-name]").inner_text() == "Le Forum"
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url("**/forum/")
    page.screenshot(path="/tmp/forum-programme.png", full_page=True)
    assert page.get_by_role("heading", level=1).inner_text() == "Le Forum"

    page.get_by_role("link", name="Ouverture du Forum").first.click()
    page.wait_for_url("**/forum/ouverture/")
    assert page.get_by_role("heading", level=1).inner_text() == "Ouverture du Forum"
    assert page.locator(".live-badge").first.inner_text().lower() == "en direct"
    assert "Hélène Marchand" in page.locator(".speaker-cards").inner_text()
    page.screenshot(path="/tmp/forum-talk.png", full_page=True)


def test_the_text_view_leads_to_the_forum_by_keyboard(page, live_server, forum):
    page.goto(live_server.url + reverse("town:text"))
    link = page.locator("[data-forum-on-air] h2 a")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/forum/")
    assert page.get_by_role("heading", level=2).first.inner_text()
