"""The fair day in a real Chromium against the real ASGI server: an organizer on the fair-day
console sees the alert for a professional who has not come at minute 58 appear by itself (and
read out by the live region), replaces them with a free backup, and the teacher's class page
then names the new professional. The clock is moved by moving the slot back in time."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.fair.factories import EditionFactory
from tests.professionals.factories import ProfessionalFactory
from tests.schools.factories import BookingFactory, SchoolClassFactory
from tests.servers import process_env, uvicorn_server
from tests.users.factories import UserFactory
from usine.fair.models import SessionSlot
from usine.live.models import LiveRoom
from usine.professionals.models import Assignment, ScheduleRun

from .conftest import build_client, wait_until
from .test_class_session import logged_in_cookie, new_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def asgi_server(tmp_path):
    env = process_env(tmp_path, settings_module="tests.schools.server_settings")
    with uvicorn_server(env, tmp_path / "web.log") as base_url:
        yield base_url


def test_the_organizer_replaces_a_professional_who_has_not_come(browser, asgi_server, tmp_path):
    build_client()
    edition = EditionFactory()
    now = timezone.now()
    # Minute 57: the professional still has a minute before the alert.
    slot = SessionSlot.objects.create(
        edition=edition, starts_at=now - datetime.timedelta(minutes=57)
    )
    booking = BookingFactory(
        school_class=SchoolClassFactory(edition=edition, name="3e Curie"), slot=slot
    )
    absent = ProfessionalFactory(edition=edition, first_name="Inès", slots=[slot])
    ProfessionalFactory(edition=edition, first_name="Jules", slots=[slot])
    run = ScheduleRun.objects.create(
        edition=edition, women_target_share=0.5, status=ScheduleRun.Status.DONE, finished_at=now
    )
    Assignment.objects.create(run=run, booking=booking, professional=absent)
    LiveRoom.objects.create(booking=booking, professional=absent.user)
    organizer = UserFactory(is_staff=True)

    page, errors = new_page(browser, asgi_server, cookie=logged_in_cookie(organizer))
    page.goto("/organisation/direct/planning/")
    page.get_by_role("link", name="Jour du salon").click()
    page.wait_for_url("**/organisation/direct/jour-j/")
    assert page.get_by_role("heading", name="0 alerte").is_visible()
    assert page.locator("[data-fair-day-auto]").is_visible()

    # A minute later the page learns it by itself, says it and highlights the row.
    slot.starts_at -= datetime.timedelta(minutes=1)
    slot.save(update_fields=["starts_at"])
    wait_until(page, "document.querySelectorAll('[data-alert]').length === 1", timeout=25_000)
    alert = "Inès n'est pas connecté·e à l'échange de la classe 3e Curie."
    assert page.locator("[data-fair-day-announce]").text_content() == f"Nouvelle alerte : {alert}"
    assert page.locator(f"#classe-{booking.pk}").get_attribute("class") == "has-alert"
    page.screenshot(path=str(tmp_path / "fair-day-console.png"), full_page=True)

    page.get_by_role("link", name="Trouver un·e remplaçant·e").click()
    page.wait_for_url(re.compile(r"/remplacer/$"))
    choice = page.get_by_role("radio", name=re.compile("^Jules"))
    assert choice.is_checked()
    page.get_by_role("button", name="Confier l'échange et prévenir par e-mail").click()
    page.wait_for_url("**/organisation/direct/jour-j/")
    assert page.get_by_text(
        "Jules mène maintenant l'échange de la classe 3e Curie ; l'enseignant·e et les "
        "professionnel·les sont prévenu·es par e-mail."
    ).is_visible()
    # Jules has not opened the room yet either: the alert now names them.
    assert page.locator("[data-alert] a").first.text_content() == (
        "Jules n'est pas connecté·e à l'échange de la classe 3e Curie."
    )

    teacher = booking.school_class.teacher.user
    teacher_page, teacher_errors = new_page(browser, asgi_server, cookie=logged_in_cookie(teacher))
    teacher_page.goto(booking.school_class.get_absolute_url())
    assert re.search(
        r"Échange avec Jules, ", teacher_page.locator(".class-exchange").text_content()
    )
    teacher_page.goto(f"/enseignants/classes/{booking.school_class.pk}/console/")
    assert (
        "Professionnel·le : Jules" in teacher_page.locator("[data-exchange-state]").text_content()
    )
    assert errors == []
    assert teacher_errors == []
