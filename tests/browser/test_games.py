"""The games in a real Chromium: a pupil in session passes a building's quiz and the passport is
stamped; anyone's orientation quiz leads to a building where a suggested trade is shown; a pupil
keeps the profile in the passport; the town's podium marks the pupil's class and switches by
level from the keyboard."""

import pytest

from tests.browser.conftest import wait_until
from tests.exhibits.factories import CompanyFactory, JobProfileFactory, catalogue_trade
from tests.fair.factories import BuildingFactory
from tests.games.factories import QuizFactory
from tests.schools.helpers import booked_class, seated_session
from usine.games import challenge
from usine.games.models import OrientationKept, QuizPass
from usine.schools.models import BuildingVisit, SchoolClass

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
    assert "3 bonnes réponses sur 3." in outcome
    assert "Ton passeport a reçu le tampon de « Site de" in outcome
    # The session bar shows the stamp with the correction, not at its next ping (5 s later).
    assert page.locator("[data-passport-count]").inner_text() == "1"
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


def scored_class(name: str, points: int, *, level=SchoolClass.Level.TROISIEME):
    school_class = booked_class(pupils=2).school_class
    school_class.name, school_class.level = name, level
    school_class.save(update_fields=["name", "level"])
    pupils = list(school_class.pupils.all())
    for n in range(points):
        challenge.award(pupil=pupils[n % 2], kind="stamp", proof=f"{name}:{n}")
    return school_class


def test_the_town_s_podium_marks_the_pupil_s_class_and_switches_by_level(page, live_server):
    for name, points in (("3e A", 8), ("3e B", 6), ("3e C", 4)):
        scored_class(name, points)
    mine = scored_class("4e D", 2, level=SchoolClass.Level.QUATRIEME)
    BuildingFactory(edition=mine.edition)
    page.context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": seated_session(mine.pupils.first()),
                "url": live_server.url,
            }
        ]
    )
    page.goto(f"{live_server.url}/")
    box = page.locator("[data-podium]")
    wait_until(page, "document.querySelector('[data-podium] table')")  # the script's first poll
    school = mine.teacher.school
    where = f"{school.name} ({school.town})"
    first = box.locator("tbody tr").first.locator("td")
    assert first.all_inner_texts()[:2] == ["1", f"3e A 3e\n{where}"]
    assert box.locator(".podium-my-rank").inner_text() == "Ta classe : rang 4 sur 4."
    # Keyboard only: the level's list, down to "4e" (Tous les niveaux, 6e, 5e, 4e).
    page.focus("#podium-level")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    wait_until(page, "document.querySelector('[data-podium] caption')?.textContent.endsWith('4e')")
    marked = box.locator("tbody tr.podium-mine td").all_inner_texts()
    assert marked[:2] == ["1", f"4e D 4e ta classe\n{where}"]
    assert box.locator(".podium-my-rank").inner_text() == "Ta classe : rang 1 sur 1."


def test_a_pupil_keeps_the_orientation_profile_in_the_passport(page, live_server):
    pupil = booked_class().school_class.pupils.first()
    lab = BuildingFactory(
        edition=pupil.school_class.edition,
        slug="labo-apt",
        company=CompanyFactory(name="Essences d'Apt"),
    )
    JobProfileFactory(company=lab.company, trade=catalogue_trade("H1503"))  # ICR
    page.context.add_cookies(
        [{"name": "sessionid", "value": seated_session(pupil), "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/quel-metier/IAS/")
    page.get_by_role("button", name="Garder ce profil dans mon passeport").press("Enter")
    page.wait_for_selector("text=Ton profil est gardé dans ton passeport.")
    page.locator("[data-passport] summary").press("Enter")  # the passport opens
    profile = page.locator("[data-passport-profile]")
    assert profile.get_by_role("heading").inner_text() == "Profil « Quel métier pour moi ? » : IAS"
    assert OrientationKept.objects.get().code == "IAS"
    profile.get_by_role("link", name=lab.name).press("Enter")
    page.wait_for_url("**/batiments/labo-apt/#metiers")
    assert page.locator("h1").inner_text() == lab.name
