"""A teacher's fair, walked by links alone in a real Chromium against the real ASGI server: from
the home page's sign-in link to registering a class, booking its session and, when the hour
comes, moderating the live exchange. No address is typed after the home page; the clock is moved
by moving the slot back in time. A pupil (who joins by the class code, not by the teacher's
links) asks the question the teacher approves."""

import datetime
import re

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from tests.fair.factories import EditionFactory
from tests.schools.factories import TeacherFactory
from tests.servers import process_env, server_caches, uvicorn_server
from usine.fair.models import SessionSlot
from usine.live.models import LiveRoom, ModerationAction, Question
from usine.schools.models import Booking, SchoolClass

from .conftest import build_client
from .test_live_room import CONNECTED, JanusDown
from .test_live_video import ensure_live_client, session_cookie

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "motdepasse-solide-42"  # the users' factory's
QUESTION = "Faut-il être fort en maths pour devenir soudeuse ?"


@pytest.fixture
def asgi_server(tmp_path, settings):
    # The test moves the slot: its signals renew the server's caches of the class.
    settings.CACHES = server_caches(tmp_path)
    env = process_env(
        tmp_path, settings_module="tests.schools.server_settings", **JanusDown().settings()
    )
    with uvicorn_server(env, tmp_path / "web.log") as base_url:
        yield base_url


def new_page(browser, base_url, *, errors, cookie=None):
    context = browser.new_context(locale="fr-FR", base_url=base_url, reduced_motion="reduce")
    if cookie:
        context.add_cookies([{"name": "sessionid", "value": cookie, "url": base_url}])
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page


def test_a_teacher_goes_from_sign_in_to_moderating_the_live_exchange_by_links_alone(
    browser, asgi_server
):
    build_client()
    ensure_live_client()
    edition = EditionFactory()
    slot = SessionSlot.objects.create(
        edition=edition, starts_at=timezone.now() + datetime.timedelta(days=3), capacity=2
    )
    teacher = TeacherFactory()
    errors: list[str] = []
    page = new_page(browser, asgi_server, errors=errors)

    # --- sign in from the home page -------------------------------------------------------------
    page.goto("/")
    page.get_by_role("link", name="Se connecter").first.click()
    page.get_by_label("Identifiant").fill(teacher.user.username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()

    # --- a class, then its session --------------------------------------------------------------
    page.get_by_role("link", name="Mes classes").first.click()
    page.wait_for_url(re.compile(r"/enseignants/$"))
    page.get_by_role("link", name="Ajouter une classe").first.click()
    page.get_by_label("Nom de la classe").fill("4e Lovelace")
    page.get_by_label("Niveau").select_option("4e")
    page.get_by_label("Nombre d'élèves").fill("3")
    page.get_by_role("button", name=re.compile("Créer|Enregistrer")).click()
    page.wait_for_url(re.compile(r"/enseignants/classes/\d+/$"))
    school_class = SchoolClass.objects.get(name="4e Lovelace", teacher=teacher)

    page.get_by_role("link", name="Choisir un créneau").click()
    page.locator(f"form:has(input[name=slot][value='{slot.pk}']) button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/enseignants/classes/{school_class.pk}/$"))
    booking = Booking.objects.get(school_class=school_class)
    assert booking.slot == slot
    # Days before, nothing to join yet: the page says when the way in will show.
    assert page.get_by_role("link", name="Rejoindre l'échange en direct").count() == 0
    called = timezone.localtime(booking.slot.timeline.teacher_called_at)
    assert page.locator(".exchange-later").inner_text() == (
        "Le bouton pour rejoindre l'échange en direct apparaîtra ici le "
        f"{date_format(called, 'l j F')} à {called:%H:%M}."
    )

    # --- the day comes: minute 56 of the session --------------------------------------------
    # Saved as an organizer's change would be: the pages' caches of the class hear of it.
    slot.starts_at = timezone.now() - datetime.timedelta(minutes=56)
    slot.save(update_fields=["starts_at"])
    page.get_by_role("link", name="← Mes classes").click()
    page.wait_for_url(re.compile(r"/enseignants/$"))
    page.get_by_role("link", name="4e Lovelace").click()
    page.wait_for_url(re.compile(rf"/enseignants/classes/{school_class.pk}/$"))
    page.get_by_role("link", name="Rejoindre l'échange en direct").first.click()
    page.wait_for_url(re.compile(r"/direct/\d+/$"))
    room = LiveRoom.objects.get(booking=booking)
    assert page.url.endswith(f"/direct/{room.pk}/")
    page.locator("[data-live-connection]", has_text=CONNECTED).wait_for()

    # --- a pupil of the class asks; the teacher moderates --------------------------------------
    pupil = school_class.pupils.order_by("pseudonym").first()
    pupil_page = new_page(browser, asgi_server, errors=errors, cookie=session_cookie(pupil=pupil))
    pupil_page.goto(f"/direct/{room.pk}/")
    pupil_page.locator("[data-live-connection]", has_text=CONNECTED).wait_for()
    pupil_page.get_by_label("Ta question").fill(QUESTION)
    pupil_page.get_by_role("button", name="Envoyer ma question").click()

    pending = page.locator("[data-live-queue] li", has_text=QUESTION)
    pending.wait_for()
    assert f"par {pupil.pseudonym}" in pending.inner_text()
    pending.get_by_role("button", name=f"Valider : {QUESTION}").click()
    pupil_page.locator("[data-live-approved] li", has_text=QUESTION).wait_for()
    assert page.locator("[data-live-queue] li").count() == 0

    question = Question.objects.get(room=room)
    assert question.state == Question.State.APPROVED
    assert list(room.moderation_actions.values_list("action", "actor")) == [
        (ModerationAction.Action.APPROVE, teacher.user_id)
    ]
    assert errors == []
    pupil_page.context.close()
    page.context.close()
