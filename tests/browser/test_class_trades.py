"""A teacher creates a class and chooses its trades by typing in the filter box, with the
keyboard alone; the class page then lists each trade once."""

import re

import pytest
from django.test import Client

from tests.browser.conftest import wait_until
from tests.exhibits.factories import CompanyFactory, JobProfileFactory, catalogue_trade
from tests.fair.factories import BuildingFactory, open_edition
from tests.schools.factories import TeacherFactory
from usine.schools.models import SchoolClass

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def focused_id(page) -> str:
    return page.evaluate("document.activeElement.id")


def tab_to(page, element_id: str, limit: int = 40) -> None:
    for _ in range(limit):
        if focused_id(page) == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} is not reached with Tab (focus on #{focused_id(page)})")


def test_a_teacher_chooses_two_trades_with_the_filter_and_the_keyboard(page, live_server, tmp_path):
    edition = open_edition()
    codes = ("H2913", "H2902", "N1101", "H1208")
    for company in (CompanyFactory(), CompanyFactory()):  # every trade at two companies
        BuildingFactory(edition=edition, company=company)
        for code in codes:
            JobProfileFactory(company=company, trade=catalogue_trade(code))
    boilermaker, forklift = catalogue_trade("H2902"), catalogue_trade("N1101")
    teacher = TeacherFactory()
    client = Client()
    client.force_login(teacher.user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    page.goto(f"{live_server.url}/enseignants/classes/nouvelle/")
    assert page.locator("[data-trade]").count() == 4  # one checkbox a trade, not a company
    tab_to(page, "id_name")
    page.keyboard.type("3e Prépa-métiers")
    tab_to(page, "id_pupil_count")
    page.keyboard.type("24")
    tab_to(page, "trade-filter")

    page.keyboard.type("chaudron")
    wait_until(page, "document.querySelectorAll('[data-trade]:not([hidden])').length === 1")
    assert page.get_by_role("status").inner_text() == "1 métier correspond."
    assert not page.get_by_label("Soudeur·se").is_visible()
    page.keyboard.press("Tab")  # the one trade shown
    assert page.evaluate("document.activeElement.labels[0].textContent") == "Chaudronnier·ère"
    page.keyboard.press("Space")

    page.keyboard.press("Shift+Tab")
    assert focused_id(page) == "trade-filter"
    page.keyboard.press("Control+A")
    page.keyboard.type("chariot")  # a keyword of Cariste; the ticked trade stays shown
    wait_until(page, "document.querySelectorAll('[data-trade]:not([hidden])').length === 2")
    page.keyboard.press("Enter")  # filters only: the form is not sent half filled
    assert page.url.endswith("/enseignants/classes/nouvelle/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.labels[0].textContent") == "Cariste"
    page.keyboard.press("Space")
    page.screenshot(path=str(tmp_path / "class_form.png"), full_page=True)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the submit button

    page.wait_for_url(re.compile(r"/enseignants/classes/[0-9]+/$"))
    school_class = SchoolClass.objects.get(teacher=teacher)
    assert set(school_class.wanted_trades.all()) == {boilermaker, forklift}
    facts = page.locator(".class-facts").inner_text()
    assert "Cariste, Chaudronnier·ère" in facts
    assert facts.count("Cariste") == 1
