"""The games in a real Chromium: a pupil in session passes a building's quiz and the passport is
stamped; anyone's orientation quiz leads to a building where a suggested trade is shown."""

import pytest

from tests.browser.conftest import wait_until
from tests.exhibits.factories import CompanyFactory, JobProfileFactory, catalogue_trade
from tests.fair.factories import BuildingFactory
from tests.games.factories import QuizFactory
from tests.schools.helpers import booked_class, seated_session
from usine.games.models import QuizPass
from usine.schools.models import BuildingVisit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_pupil_passing_the_quiz_gets_the_building_s_stamp(page, live_server, settings):
    settings.PASSPORT_STAMP_SECONDS = 600  # the stamp can only come from the quiz
    pupil = booked_class().school_class.pupils.first()
    building = BuildingFactory(edition=pupil.school_class.edition, slug="vannes-aix")
    QuizFactory(company=building.company)
    page.context.add_cookies(
        [{"name": "sessionid", "value": seated_session(pupil), "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/batiments/vannes-aix/#quiz")
    page.wait_for_selector("[data-session-bar][data-stamps='0']")
    # Keyboard only: the first answer of each question, moved to the right one with the arrows.
    for number, right in ((1, 0), (2, 1), (3, 2)):
        page.focus(f"#q{number}-0")
        for _ in range(right):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Space")
    page.get_by_role("button", name="Vérifier mes réponses").press("Enter")

    wait_until(page, "document.activeElement && document.activeElement.id === 'quiz-outcome'")
    outcome = page.locator("#quiz-outcome").inner_text()
    assert "3 bonne(s) réponse(s) sur 3." in outcome
    assert "Ton passeport a reçu le tampon de « Site de" in outcome
    assert page.url.endswith("/batiments/vannes-aix/#quiz")  # stayed on the building's page
    assert BuildingVisit.objects.get(pupil=pupil).stamp == BuildingVisit.Stamp.QUIZ
    assert QuizPass.objects.get().pupil == pupil
    wait_until(page, "document.querySelector('[data-session-bar]').dataset.stamps === '1'")


def test_the_orientation_quiz_leads_to_a_building(page, live_server):
    edition = booked_class().school_class.edition
    lab = BuildingFactory(
        edition=edition, slug="labo-apt", company=CompanyFactory(name="Essences d'Apt")
    )
    JobProfileFactory(company=lab.company, trade=catalogue_trade("H1503"))  # ICR
    page.goto(f"{live_server.url}/quel-metier/")
    # An investigating mind: the "I" answer where there is one, else the first.
    answers = page.evaluate(
        "() => Array.from(document.querySelectorAll('fieldset'))"
        ".map((set) => set.querySelectorAll('input').length)"
    )
    assert answers == [3] * 12
    for number in range(1, 13):
        page.locator(f"#o{number}-0").check()
    for number, index in ((1, 1), (3, 1), (5, 1), (7, 1), (9, 0), (11, 1)):
        page.locator(f"#o{number}-{index}").check()
    page.get_by_role("button", name="Voir les métiers pour moi").click()
    # I six times, A and S twice (A first, in the order RIASEC).
    page.wait_for_url("**/quel-metier/IAS/")
    heading = page.get_by_role("heading", name="1. Technicien·ne de laboratoire")
    assert heading.is_visible()
    page.get_by_role("link", name=lab.name).first.click()
    page.wait_for_url("**/batiments/labo-apt/#metiers")
    assert page.locator("h1").inner_text() == lab.name
