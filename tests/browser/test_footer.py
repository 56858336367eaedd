"""The footer of every page: on the 3D town's page below the town, which still fills the window,
and reached with the Tab key after the town's own controls; on a pupil's page, never under the
session bar."""

import pytest
from django.urls import reverse

from tests.fair.factories import BuildingFactory, EditionFactory
from tests.schools.helpers import booked_class, seated_session

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


def test_a_pupil_s_session_bar_leaves_the_footer_reachable_at_the_end_of_a_long_page(
    page, live_server
):
    # The bar stays in the window's corner; scrolled to the end, the footer's last link (Contact)
    # must not be under it.
    booking = booked_class()
    for _building in range(8):
        BuildingFactory(edition=booking.school_class.edition)
    key = seated_session(booking.school_class.pupils.first())
    page.context.add_cookies([{"name": "sessionid", "value": key, "url": live_server.url}])
    page.set_viewport_size({"width": 1280, "height": 600})
    page.goto(live_server.url + reverse("town:text"))
    bar = page.locator(".session-bar")
    assert bar.is_visible()

    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    wait_until(
        page,
        "window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 1",
    )
    box, link = bar.bounding_box(), page.locator(".site-footer a").last.bounding_box()
    apart = (
        link["x"] + link["width"] <= box["x"]
        or box["x"] + box["width"] <= link["x"]
        or link["y"] + link["height"] <= box["y"]
        or box["y"] + box["height"] <= link["y"]
    )
    assert apart, (link, box)
