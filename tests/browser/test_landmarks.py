"""Screen-reader users move by landmarks and lists: on the text view and the organizers' pages,
axe-core (frontend/node_modules) finds every landmark named once, lists well formed, and the
section menus (_nav.html) laid out as one line of tabs with the current page marked."""

import pytest
from django.urls import reverse

from tests.exhibits.factories import CompanyFactory
from tests.fair.factories import BuildingFactory, EditionFactory
from tests.users.factories import UserFactory
from usine.exhibits.models import Sector
from usine.fair.models import Building

from .conftest import CHROMIUM_ARGS, launch
from .test_contrast import AXE, session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RULES = [
    "landmark-unique",
    "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo",
    "landmark-one-main",
    "list",
    "listitem",
    "region",
]


def problems_of(page) -> list[str]:
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "(rules) => axe.run(document, {runOnly: {type: 'rule', values: rules}})", RULES
    )
    return [
        f"{violation['id']}: {node['target']} — {node['failureSummary']}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]


def test_the_text_view_and_the_organizer_pages_have_unique_landmarks_and_tidy_menus(
    playwright_instance, live_server
):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make client` (npm ci in frontend/).")
    edition = EditionFactory()
    # One sector on land and on the quay: two regions that must not share a name.
    for zone in (Building.Zone.LAND, Building.Zone.SEA_FRONT):
        BuildingFactory(edition=edition, zone=zone, company=CompanyFactory(sector=Sector.PORT))
    organizer = UserFactory(is_staff=True)
    browser = launch(playwright_instance, CHROMIUM_ARGS)
    failures = []
    try:
        context = browser.new_context(locale="fr-FR")
        page = context.new_page()
        page.goto(live_server.url + reverse("town:text"))
        failures += [f"text view: {p}" for p in problems_of(page)]

        context.add_cookies(
            [{"name": "sessionid", "value": session_cookie(organizer), "url": live_server.url}]
        )
        for name in ("organizer_fair_day", "organizer_schedule"):
            page.goto(live_server.url + reverse(f"professionals:{name}"))
            failures += [f"{name}: {p}" for p in problems_of(page)]
            menu = page.locator("main nav ul.inline-list")
            layout = menu.evaluate(
                "(list) => [getComputedStyle(list).display, getComputedStyle(list).listStyleType]"
            )
            assert layout == ["flex", "none"], name
            current = menu.locator("a[aria-current=page]")
            assert current.count() == 1, name
            assert current.evaluate("(a) => getComputedStyle(a).fontWeight") == "700", name
        context.close()
    finally:
        browser.close()

    assert not failures, "\n".join(failures)
