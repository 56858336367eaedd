"""Someone at a building's desk, in a real Chromium against the real ASGI server: a pupil in
session asks during a presence, the teacher passes the question on, the company's person answers
in writing, and the answer shows on the pupil's desk page without a reload."""

import pytest
from django.urls import reverse

from tests.browser.conftest import build_client, wait_until
from tests.exhibits.factories import ExhibitorFactory, PresenceSlotFactory
from tests.fair.factories import BuildingFactory, open_edition
from tests.schools.helpers import booked_class, seated_session
from usine.desk.models import DeskQuestion

from .test_class_session import asgi_server, logged_in_cookie, new_page  # noqa: F401 (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "Est-ce que vous prenez des apprentis en CAP ?"
ANSWER = "Oui, six apprentis chaque année, en usinage et en soudage."


def test_the_desk_answers_a_pupils_question_within_a_presence(browser, asgi_server, tmp_path):  # noqa: F811
    build_client()
    exhibitor = ExhibitorFactory(company__name="Vannes du Sud")
    building = BuildingFactory(
        edition=open_edition(), company=exhibitor.company, name="Robinetterie d'Aix"
    )
    PresenceSlotFactory(building=building, host=exhibitor.user, host_label="Nadia, recrutement")
    booking = booked_class(pupils=1)
    pupil = booking.school_class.pupils.get()

    # --- the pupil sees someone at the desk and asks ------------------------------------------
    pupil_page, pupil_errors = new_page(browser, asgi_server, cookie=seated_session(pupil))
    pupil_page.goto(reverse("exhibits:building", kwargs={"slug": building.slug}) + "#desk")
    desk = pupil_page.locator("#desk")
    assert "Quelqu'un est là" in desk.inner_text()
    assert "Nadia, recrutement" in desk.inner_text()
    desk.get_by_role("link", name="Poser une question à l'accueil").click()
    pupil_page.get_by_label("Votre question").fill(QUESTION)
    pupil_page.get_by_role("button", name="Envoyer la question").click()
    pupil_page.wait_for_selector(".messages")
    assert "Un adulte la relit" in pupil_page.locator(".messages").inner_text()
    mine = pupil_page.locator("[data-desk-live] .desk-question")
    assert QUESTION in mine.inner_text()
    assert "à relire" in mine.inner_text()
    assert DeskQuestion.objects.get().state == "pending"

    # --- the company sees nothing before the teacher passes it on -----------------------------
    company_page, company_errors = new_page(
        browser, asgi_server, cookie=logged_in_cookie(exhibitor.user)
    )
    company_page.goto(reverse("desk:answer"))
    assert QUESTION not in company_page.content()

    teacher_page, teacher_errors = new_page(
        browser, asgi_server, cookie=logged_in_cookie(booking.school_class.teacher.user)
    )
    teacher_page.goto(reverse("desk:review"))
    pending = teacher_page.locator("article.desk-question", has_text=QUESTION)
    assert pupil.pseudonym in pending.inner_text()
    pending.get_by_role("button", name="Transmettre").click()
    teacher_page.wait_for_selector(".messages")

    # --- the company's person answers at the desk ---------------------------------------------
    company_page.reload()
    question = company_page.locator("article.desk-question", has_text=QUESTION)
    question.get_by_label("Votre réponse").fill(ANSWER)
    question.get_by_role("button", name="Répondre").click()
    company_page.wait_for_selector(".messages")
    assert "Réponse envoyée." in company_page.locator(".messages").inner_text()

    # --- the pupil's page shows the answer by itself --------------------------------------------
    wait_until(
        pupil_page,
        "(answer) => document.querySelector('[data-desk-live]').textContent.includes(answer)",
        arg=ANSWER,
        timeout=20_000,
    )
    assert "Nadia, recrutement" in mine.inner_text()
    pupil_page.screenshot(path=tmp_path / "desk.png", full_page=True)
    assert pupil_errors + company_errors + teacher_errors == []
