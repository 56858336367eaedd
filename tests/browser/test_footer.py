"""The footer of every page on the 3D town's page: below the town, which still fills the window,
and reached with the Tab key after the town's own controls."""

import pytest
from django.urls import reverse

from tests.fair.factories import BuildingFactory, EditionFactory

from .conftest import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_footer_leaves_the_town_the_whole_window(page, live_server):
    edition = EditionFactory()
    BuildingFactory(edition=edition, x=0.0, z=0.0)
    BuildingFactory(edition=edition, x=40.0, z=0.0)
    page.goto(live_server.url + reverse("town:town"))
    wait_until(page, "window.usineTown && window.usineTown.loop")
    assert page.evaluate("window.usineTown.ready.then(() => true)") is True

    window_height = page.viewport_size["height"]
    stage = page.locator(".town-stage").bounding_box()
    canvas = page.locator(".town-canvas").bounding_box()
    footer = page.locator(".site-footer").bounding_box()
    assert stage["y"] + stage["height"] >= window_height - 1  # the town reaches the bottom
    assert canvas["height"] == stage["height"]
    assert footer["y"] >= stage["y"] + stage["height"]  # the footer starts below it

    for _press in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("Boolean(document.activeElement.closest('.site-footer'))"):
            break
    else:
        raise AssertionError("the footer's links are not reached with the Tab key")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "/ville/texte/"
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/ville/texte/")
