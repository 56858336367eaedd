"""The page's layout in a real Chromium: nothing sits under the pupil's session bar for good, and a
wide table scrolls inside its own box instead of widening the whole page (a phone's console, the
organizers' availability grid)."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from tests.exhibits.factories import DemoFactory, JobProfileFactory
from tests.fair.factories import BuildingFactory, EditionFactory
from tests.professionals.factories import ProfessionalFactory
from tests.professionals.world import build_world
from tests.schools.helpers import booked_class, seated_session
from tests.users.factories import UserFactory

from .test_class_session import logged_in_cookie
from .test_interior import wait_inside

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A folder to keep screenshots in while working on the look (USINE_LAYOUT_SCREENSHOTS=/tmp/layout).
SCREENSHOTS = os.environ.get("USINE_LAYOUT_SCREENSHOTS")

PAGE_WIDTH = "[document.documentElement.scrollWidth, window.innerWidth]"


def screenshot(page, name: str, *, full_page=False) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=full_page)


@pytest.fixture
def sized_page(browser, live_server):
    """A page of the given size on the live server (as the session's cookie says), and its
    JavaScript errors; its context is closed after the test."""
    contexts = []

    def open_page(*, width, height, cookie=None):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            locale="fr-FR",
            reduced_motion="reduce",
            base_url=live_server.url,
        )
        contexts.append(context)
        if cookie:
            context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
        page = context.new_page()
        page.set_default_timeout(30_000)
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page, errors

    yield open_page
    for context in contexts:
        context.close()


@pytest.mark.parametrize("passport", ["closed", "open"])
def test_the_end_of_the_sidebar_inside_a_building_scrolls_above_the_session_bar(
    sized_page, passport
):
    edition = EditionFactory()
    building = BuildingFactory(
        edition=edition,
        slug="vannes-aix",
        name="Atelier de robinetterie",
        look="workshop",
        description="On y usine et soude des vannes pour l'énergie et la chimie.",
    )
    for number in range(4):  # enough stations for the sidebar to scroll
        JobProfileFactory(company=building.company, title=f"Soudeuse TIG {number}")
    DemoFactory(company=building.company, title="Une vanne de A à Z")
    booking = booked_class(pupils=1)
    pupil = booking.school_class.pupils.get()
    page, errors = sized_page(width=1366, height=800, cookie=seated_session(pupil))
    page.goto(reverse("town:inside", kwargs={"slug": building.slug}))
    wait_inside(page, building.slug)
    page.wait_for_selector("[data-session-bar][data-socket]")
    if passport == "open":
        # Open, the passport makes the bar taller than the room always kept for it.
        page.locator("[data-passport] summary").click()
        rem = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
        height = page.locator("[data-session-bar]").evaluate("(bar) => bar.offsetHeight")
        assert height > 12 * rem, (height, rem)
        # The sidebar's room follows once the bar's new height is measured (next frame).
        page.wait_for_function(
            "() => parseFloat(getComputedStyle(document.querySelector('.town-panel'))"
            ".paddingBottom) > document.querySelector('[data-session-bar]').offsetHeight"
        )
    panel = page.locator(".town-panel")
    panel.evaluate("(panel) => { panel.scrollTop = panel.scrollHeight; }")
    screenshot(page, f"interior-sidebar-end-{passport}")
    last_bottom, bar_top, panel_bottom = panel.evaluate(
        """(panel) => {
          const help = panel.querySelector('.interior-panel .town-help');
          const last = help.querySelector('dl').lastElementChild;
          const bar = document.querySelector('[data-session-bar]');
          return [last.getBoundingClientRect().bottom, bar.getBoundingClientRect().top,
                  panel.getBoundingClientRect().bottom];
        }"""
    )
    assert panel_bottom > bar_top  # the bar covers the panel's corner: the case at hand
    assert last_bottom <= bar_top, (last_bottom, bar_top)
    assert errors == []


def test_the_console_on_a_phone_scrolls_its_table_not_the_page(sized_page):
    booking = booked_class(pupils=3)
    school_class = booking.school_class
    for pupil in school_class.pupils.all():
        seated_session(pupil)  # each seat claimed: a « Libérer » button on every row
    page, errors = sized_page(
        width=390,
        height=844,
        cookie=logged_in_cookie(school_class.teacher.user),
    )
    page.goto(reverse("schools:console", args=[school_class.pk]))
    page.wait_for_selector("[data-console] tbody[data-console-rows] tr")
    screenshot(page, "console-phone", full_page=True)
    scroll_width, inner_width = page.evaluate(PAGE_WIDTH)
    assert scroll_width <= inner_width, (scroll_width, inner_width)
    box = page.get_by_role("region", name="Élèves de la classe")
    assert box.get_attribute("tabindex") == "0"  # reachable by keyboard, to scroll it
    assert box.locator("table.console-table tbody[data-console-rows] tr").count() == 3
    # Every column is reachable: the box scrolls to the last one, the « Libérer » buttons.
    box.evaluate("(box) => { box.scrollLeft = box.scrollWidth; }")
    free = box.get_by_role("button", name="Libérer Grue Rapide 1")
    assert free.evaluate("(button) => button.getBoundingClientRect().right") <= inner_width
    assert errors == []


def test_the_availability_grid_scrolls_inside_its_box_not_the_page(sized_page):
    world = build_world()
    for number in range(12):
        ProfessionalFactory(
            edition=world.edition, first_name=f"Professionnelle {number}", slots=world.slots
        )
    organizer = UserFactory(is_staff=True)
    page, errors = sized_page(width=1366, height=800, cookie=logged_in_cookie(organizer))
    page.goto(reverse("professionals:organizer_availability"))
    screenshot(page, "availability", full_page=True)
    scroll_width, inner_width = page.evaluate(PAGE_WIDTH)
    assert scroll_width <= inner_width, (scroll_width, inner_width)
    grid = page.locator("table.availability").first
    box = page.get_by_role("region", name=grid.locator("caption").inner_text())
    assert box.get_attribute("tabindex") == "0"
    assert box.evaluate("(box) => box.scrollWidth > box.clientWidth")  # the grid does scroll
    assert errors == []


@pytest.mark.parametrize("width", [1366, 390])
def test_a_class_code_stays_on_one_line_in_the_class_list(sized_page, width):
    booking = booked_class(pupils=3)
    school_class = booking.school_class
    page, errors = sized_page(
        width=width, height=800, cookie=logged_in_cookie(school_class.teacher.user)
    )
    page.goto(reverse("schools:classes"))
    screenshot(page, f"classes-{width}", full_page=True)
    code = page.locator("code.class-code")
    assert code.inner_text() == school_class.code_display
    line_height, height = code.evaluate(
        "(code) => [parseFloat(getComputedStyle(code).lineHeight) || 20,"
        " code.getBoundingClientRect().height]"
    )
    assert height < 1.5 * line_height, (height, line_height)
    # On a phone the table scrolls in its own box, not the page.
    scroll_width, inner_width = page.evaluate(PAGE_WIDTH)
    assert scroll_width <= inner_width, (scroll_width, inner_width)
    assert page.get_by_role("region", name="Vos classes et leur session").count() == 1
    assert errors == []
