"""A class session end to end in a real Chromium, against the real ASGI server (uvicorn in a
subprocess, on the test's SQLite file): the teacher registers a class, books a slot and prints
the sheet; a pupil joins with the code, collects passport stamps, and is moved to the live
exchange at minute 60 without touching anything. The hour is almost over when the pupil
arrives: the slot is moved back in time (never a sleep of an hour)."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from tests.exhibits.factories import CompanyFactory
from tests.fair.factories import BuildingFactory, EditionFactory
from tests.schools.factories import TeacherFactory
from tests.schools.helpers import booked_class, seated_session
from tests.servers import process_env, server_caches, uvicorn_server
from usine.exhibits.models import Sector
from usine.fair.models import SessionSlot
from usine.live.models import LiveRoom
from usine.schools.models import Booking, SchoolClass

from .conftest import build_client, csp_violations, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def asgi_server(tmp_path, settings):
    """uvicorn serving usine.asgi on the test database; yields its base URL."""
    # The test moves the slot: its signals renew the server's caches of the class.
    settings.CACHES = server_caches(tmp_path)
    env = process_env(tmp_path, settings_module="tests.schools.server_settings")
    with uvicorn_server(env, tmp_path / "web.log") as base_url:
        yield base_url


def new_page(browser, base_url, *, cookie=None):
    context = browser.new_context(locale="fr-FR", base_url=base_url, reduced_motion="reduce")
    if cookie:
        context.add_cookies([{"name": "sessionid", "value": cookie, "url": base_url}])
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    csp_violations(page, into=errors)
    return page, errors


def logged_in_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def test_a_class_session_from_booking_to_the_live_exchange(browser, asgi_server):
    build_client()
    edition = EditionFactory()
    plant = BuildingFactory(
        edition=edition, company=CompanyFactory(sector=Sector.AERONAUTICS), name="Usine d'avions"
    )
    port = BuildingFactory(
        edition=edition, company=CompanyFactory(sector=Sector.PORT), name="Port de commerce"
    )
    slot = SessionSlot.objects.create(
        edition=edition, starts_at=timezone.now() + datetime.timedelta(days=2), capacity=3
    )
    teacher = TeacherFactory()

    # --- the teacher registers a class, books the slot, prints the sheet ---------------------
    page, teacher_errors = new_page(browser, asgi_server, cookie=logged_in_cookie(teacher.user))
    page.goto("/enseignants/classes/nouvelle/")
    page.get_by_label("Nom de la classe").fill("3e Curie")
    page.get_by_label("Niveau").select_option("3e")
    page.get_by_label("Nombre d'élèves").fill("4")
    page.get_by_role("button", name=re.compile("Créer|Enregistrer")).click()
    page.wait_for_url(re.compile(r"/enseignants/classes/\d+/$"))
    school_class = SchoolClass.objects.get(name="3e Curie")
    assert school_class.pupils.count() == 4

    page.goto(f"/enseignants/creneaux/?classe={school_class.pk}")
    page.locator(f"form:has(input[name=slot][value='{slot.pk}']) button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/enseignants/classes/{school_class.pk}/$"))
    assert Booking.objects.get(school_class=school_class).slot == slot

    page.goto(f"/enseignants/classes/{school_class.pk}/fiche/")
    assert page.get_by_text(school_class.code_display).count() >= 1
    assert page.locator("svg").count() >= 1  # the QR code
    pdf = page.request.get(f"/enseignants/classes/{school_class.pk}/fiche.pdf")
    assert pdf.ok
    assert pdf.body().startswith(b"%PDF")
    assert teacher_errors == []

    # --- the day comes: the hour is almost over when the pupil arrives -----------------------
    explore_ends = timezone.now() + datetime.timedelta(seconds=35)
    # Saved as an organizer's change would be: the pages' caches of the class hear of it.
    slot.starts_at = explore_ends - datetime.timedelta(minutes=60)
    slot.save(update_fields=["starts_at"])

    pupil, pupil_errors = new_page(browser, asgi_server)
    pupil.goto(f"/rejoindre/?code={school_class.code_display.lower()}")
    pupil.get_by_role("button", name="Continuer").click()
    first = school_class.pupils.order_by("pseudonym").first()
    pupil.get_by_role("button", name=first.pseudonym).click()
    # The hour's first step: two optional questions.
    pupil.get_by_role("button", name="Passer et explorer la ville").click()
    pupil.wait_for_url(re.compile(r"/\?bienvenue=1$"))
    bar = pupil.locator("[data-session-bar]")
    assert bar.locator(".session-who").inner_text() == first.pseudonym
    wait_until(pupil, "document.querySelector('[data-time-left]').textContent.startsWith('00:')")
    pupil.wait_for_selector("[data-session-bar][data-socket=open]")

    for number, building in enumerate([plant, port], start=1):
        pupil.goto(building.get_absolute_url())
        pupil.wait_for_selector(f"[data-session-bar][data-stamps='{number}']", timeout=15_000)
        # The stamp is announced in the bar's live region (a moment after it is counted).
        wait_until(
            pupil,
            "(name) => document.querySelector('[data-session-news]').textContent"
            ".includes(`Tampon ajouté à ton passeport : ${name}`)",
            arg=building.name,
        )
    assert pupil.locator("[data-passport-count]").inner_text() == "2"
    assert pupil.locator("[data-passport-sectors]").inner_text() == "2"

    # Minute 60: nobody touches anything; the page goes to the live exchange.
    room_url = re.compile(r"/direct/\d+/$")
    pupil.wait_for_url(room_url, timeout=40_000, wait_until="commit")
    moved_late = (timezone.now() - explore_ends).total_seconds()
    assert moved_late < 2.0, f"moved {moved_late:.1f} s after minute 60"
    room = LiveRoom.objects.get(booking__school_class=school_class)
    assert pupil.url.endswith(f"/direct/{room.pk}/")
    assert pupil_errors == []
    pupil.context.close()
    page.context.close()


def test_a_pupil_on_the_text_view_has_the_same_hour_and_is_moved_at_minute_60(browser, asgi_server):
    """A weak school PC: the pupil never opens the 3D town. In by the text view's link, the
    session bar's timer, a stamp from a building reached from the list, the move at minute 60."""
    build_client()
    booking = booked_class(started_ago=datetime.timedelta(minutes=59, seconds=20), pupils=2)
    school_class = booking.school_class
    plant = BuildingFactory(
        edition=school_class.edition,
        company=CompanyFactory(sector=Sector.AERONAUTICS),
        name="Usine d'avions",
    )
    explore_ends = booking.slot.starts_at + datetime.timedelta(minutes=60)

    pupil, errors = new_page(browser, asgi_server)
    pupil.goto("/ville/texte/")
    pupil.get_by_role("main").get_by_role("link", name="Rejoindre ma classe").click()
    pupil.get_by_label("Code de classe").fill(school_class.code_display.lower())
    pupil.get_by_role("button", name="Continuer").click()
    pupil.get_by_role("button", name="Grue Rapide 1").click()
    pupil.get_by_role("button", name="Passer et explorer la ville").click()
    pupil.wait_for_url(re.compile(r"/ville/texte/\?bienvenue=1$"))

    bar = pupil.locator("[data-session-bar]")
    assert bar.locator(".session-who").inner_text() == "Grue Rapide 1"
    assert pupil.get_by_role("link", name="Retour à ma session").get_attribute("href") == (
        "/ville/texte/"
    )
    pupil.wait_for_selector("[data-session-bar][data-socket=open]")
    timer = bar.get_by_role("timer")
    first = timer.inner_text()
    assert re.fullmatch(r"00:[0-3]\d", first), first
    wait_until(pupil, f"document.querySelector('[data-time-left]').textContent !== '{first}'")

    pupil.get_by_role("link", name="Usine d'avions").click()
    pupil.wait_for_url(f"**{plant.get_absolute_url()}")
    pupil.wait_for_selector("[data-session-bar][data-stamps='1']", timeout=15_000)
    wait_until(
        pupil,
        "document.querySelector('[data-session-news]').textContent"
        '.includes("Tampon ajouté à ton passeport : Usine d\'avions")',
    )
    pupil.go_back()
    pupil.wait_for_url(re.compile(r"/ville/texte/"))
    # Even a page from the browser's cache catches up with the passport.
    pupil.wait_for_selector("[data-session-bar][data-stamps='1']", timeout=10_000)
    assert pupil.locator("[data-passport-count]").inner_text() == "1"

    # Minute 60: the text view goes to the live exchange by itself.
    pupil.wait_for_url(re.compile(r"/direct/\d+/$"), timeout=40_000, wait_until="commit")
    moved_late = (timezone.now() - explore_ends).total_seconds()
    assert moved_late < 2.0, f"moved {moved_late:.1f} s after minute 60"
    room = LiveRoom.objects.get(booking=booking)
    assert pupil.url.endswith(f"/direct/{room.pk}/")
    assert errors == []
    pupil.context.close()


def test_without_javascript_the_text_view_shows_the_time_and_moves_at_minute_60(
    browser, asgi_server
):
    booking = booked_class(started_ago=datetime.timedelta(minutes=59, seconds=54), pupils=1)
    context = browser.new_context(locale="fr-FR", base_url=asgi_server, java_script_enabled=False)
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": seated_session(booking.school_class.pupils.get()),
                "url": asgi_server,
            }
        ]
    )
    pupil = context.new_page()
    pupil.goto("/ville/texte/")
    time_left = pupil.locator("[data-session-bar]").get_by_role("timer").inner_text()
    assert re.fullmatch(r"00:0[0-6]", time_left), time_left
    assert pupil.get_by_role("link", name="Rejoindre l'échange en direct").count() == 0

    pupil.wait_for_url(re.compile(r"/direct/\d+/$"), timeout=20_000, wait_until="commit")
    room = LiveRoom.objects.get(booking=booking)
    assert pupil.url.endswith(f"/direct/{room.pk}/")

    # Past minute 60, the way back to the session is the live exchange.
    pupil.wait_for_load_state()
    link = pupil.get_by_role("link", name="Retour à ma session")
    assert link.get_attribute("href") == "/classe/direct/"
    context.close()
