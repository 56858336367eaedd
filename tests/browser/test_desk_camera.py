"""The desk's person on camera, end to end: a real Janus, the real pages under the real ASGI
server and two real Chromium pages in a private network namespace (as test_live_video.py, whose
helpers run it). The host goes on camera from their desk page; a visitor, from the building's
page, watches moving video without ever being asked for a camera; the host leaves and the
visitor's page drops the video by itself."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from tests.exhibits.factories import ExhibitorFactory, PresenceSlotFactory
from tests.fair.factories import BuildingFactory, open_edition
from tests.live.janus_server import free_port, start_janus, stop_janus
from tests.netns import private_network, run_inside, wrapper_script
from tests.tools import require

from .conftest import CHROMIUM, CHROMIUM_ARGS
from .test_live_video import (
    MEDIA_ARGS,
    VIDEO_MOVES,
    ensure_live_client,
    new_page,
    session_cookie,
    start_web_server,
    stop_process,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def visitor_cookie() -> str:
    """A session of nobody in particular: a visitor without an account."""
    session = Client().session
    session.save()
    return session.session_key


def test_a_visitor_watches_the_desks_camera(playwright_instance, tmp_path):
    require("janus")
    ensure_live_client()
    exhibitor = ExhibitorFactory(company__name="Vannes du Sud")
    building = BuildingFactory(
        edition=open_edition(), company=exhibitor.company, name="Robinetterie d'Aix"
    )
    PresenceSlotFactory(building=building, host=exhibitor.user, host_label="Nadia, recrutement")
    host_cookie = session_cookie(user=exhibitor.user)

    janus = web = browser = None
    with private_network() as netns:
        try:
            prefix = run_inside(netns)
            janus = start_janus(tmp_path / "janus", prefix=prefix)
            port = free_port()
            web = start_web_server(prefix, port, janus, tmp_path)
            base_url = f"http://127.0.0.1:{port}"
            browser = playwright_instance.chromium.launch(
                executable_path=str(wrapper_script(netns, CHROMIUM, tmp_path)),
                args=[*CHROMIUM_ARGS, *MEDIA_ARGS],
            )

            host, host_errors = new_page(browser, base_url, host_cookie)
            host.goto(reverse("desk:answer"))
            host.get_by_role("button", name="Passer à la caméra").click()
            host.wait_for_selector("[data-live-video][data-state=publishing]")

            visitor, visitor_errors = new_page(browser, base_url, visitor_cookie())
            visitor.goto(reverse("exhibits:building", kwargs={"slug": building.slug}))
            desk = visitor.locator("#desk")
            assert "En direct au stand" in desk.inner_text()
            desk.get_by_role("link", name="Regarder le direct et poser une question").click()
            visitor.wait_for_selector("[data-live-video][data-state=live]")
            assert visitor.locator("[data-live-video-publish]").count() == 0
            assert visitor.get_by_label("Votre question").is_visible()
            moving = None
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                moving = visitor.evaluate(VIDEO_MOVES)
                if moving and moving["end"] > moving["start"]:
                    break
                time.sleep(0.5)
            assert moving is not None, "the visitor's video never got a size"
            assert moving["end"] > moving["start"], moving
            assert visitor.locator("figcaption", has_text="Nadia, recrutement").count() == 1
            assert visitor.evaluate("window.__getUserMediaCalls") == 0

            assert host.locator("#live-video-title").inner_text() == "Ce que voient les visiteurs"
            host.get_by_role("button", name="Terminer le direct de l'accueil").click()
            assert "Caméra arrêtée." in host.locator(".messages").inner_text()
            # The visitor's page reads the desk's version every few seconds and drops the video.
            visitor.wait_for_selector("[data-live-video]", state="detached", timeout=30_000)
            assert "En direct au stand" not in visitor.locator("main").inner_text()
            assert host_errors == []
            assert visitor_errors == []
        finally:
            if browser is not None:
                browser.close()
            stop_process(web)
            if janus is not None:
                stop_janus(janus)
