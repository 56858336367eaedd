"""An organizer in a real Chromium sets up next year's edition without the admin: copies the last
one, generates its slots, moves a building to a free plot with the keyboard alone, and is told
why a building cannot go onto an occupied plot or into the sea."""

import pytest

from tests.browser.conftest import wait_until
from tests.fair.factories import BuildingFactory, EditionFactory
from tests.users.factories import UserFactory
from usine.fair.models import Edition, SessionSlot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_organizer_copies_the_last_edition_generates_slots_and_lays_out_the_town(page, live_server):
    UserFactory(username="orga", is_staff=True)
    last = EditionFactory(slug="salon-2026", name="Salon 2026")
    BuildingFactory(edition=last, name="Atelier Martin", x=-140.0, z=-120.0)  # C3
    BuildingFactory(edition=last, name="Port de Brest", x=-100.0, z=-120.0)  # C4

    page.goto(f"{live_server.url}/comptes/login/")
    page.get_by_label("Identifiant").fill("orga")
    page.get_by_label("Mot de passe").fill("motdepasse-solide-42")
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("link", name="Éditions, créneaux et plan de la ville").click()
    page.get_by_role("link", name="Préparer une nouvelle édition").click()

    assert page.get_by_label("Reprendre la ville de").input_value() == "salon-2026"
    page.get_by_label("Nom de l'édition").fill("Salon 2027")
    page.get_by_label("Identifiant dans les adresses").fill("salon-2027")
    page.get_by_label("Premier jour").fill("2027-11-22")
    page.get_by_label("Dernier jour").fill("2027-11-26")
    page.get_by_role("button", name="Créer l'édition").click()
    page.wait_for_url(f"{live_server.url}/organisation/editions/salon-2027/")
    assert page.get_by_role("status").inner_text() == "L'édition « Salon 2027 » est créée."

    page.get_by_role("link", name="Créneaux", exact=True).click()
    page.get_by_label("Heures de début").fill("08:30, 13:30")
    page.get_by_label("Classes par créneau").fill("12")
    page.get_by_role("button", name="Aperçu").click()
    assert "10 créneaux seront créés" in page.locator(".slot-preview").inner_text()
    page.get_by_role("button", name="Créer les créneaux").click()
    wait_until(page, "document.querySelector('.messages')")
    assert page.get_by_role("status").first.inner_text() == (
        "10 créneaux créés, 0 existaient déjà."
    )
    edition = Edition.objects.get(slug="salon-2027")
    assert SessionSlot.objects.filter(edition=edition, capacity=12).count() == 10

    page.get_by_role("link", name="Plan de la ville", exact=True).click()
    martin = page.get_by_role("button", name="Atelier Martin")
    # Keyboard alone: take the building, two squares east is C5 (free), drop it.
    martin.focus()
    page.keyboard.press("Enter")
    assert page.locator("[data-map-status]").inner_text() == (
        "Atelier Martin : choisissez un terrain avec les flèches, puis Entrée."
    )
    page.keyboard.press("ArrowRight")
    assert page.locator("[data-map-status]").inner_text() == "Terrain C4 : occupé."
    page.keyboard.press("ArrowRight")
    assert page.locator("[data-map-status]").inner_text() == "Terrain C5 : libre."
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    wait_until(page, "document.querySelector('.messages')")
    assert page.locator(".messages").inner_text() == (
        "« Atelier Martin » est maintenant sur le terrain C5."
    )
    moved = edition.buildings.get(name="Atelier Martin")
    assert (moved.x, moved.z) == (-60.0, -120.0)
    assert last.buildings.get(name="Atelier Martin").x == -140.0  # the last edition keeps its town

    # Onto the occupied plot next door (C4): refused, and it stays where it is.
    page.get_by_role("button", name="Atelier Martin").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowLeft")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    wait_until(page, "document.querySelector('.form-errors')")
    assert (
        "Le terrain C4 est déjà occupé par « Port de Brest »."
        in page.locator("#id_plot ~ .errorlist, .errorlist").first.inner_text()
    )

    # Into the sea: drag it with the pointer down to the last row.
    page.get_by_role("button", name="Atelier Martin").focus()
    box = page.get_by_role("button", name="Atelier Martin").bounding_box()
    sea = page.locator('[data-code="H5"]').bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(sea["x"] + sea["width"] / 2, sea["y"] + sea["height"] / 2, steps=8)
    with page.expect_navigation():
        page.mouse.up()
    assert (
        "H5 est en mer : un bâtiment se construit sur un terrain."
        in page.locator(".errorlist").first.inner_text()
    )
    moved.refresh_from_db()
    assert (moved.x, moved.z) == (-60.0, -120.0)
    page.screenshot(path="/tmp/edition-layout.png", full_page=True)

    # The draft's town in 3D, as visitors will see it once it is open.
    page.get_by_role("link", name="Voir la ville en 3D").click()
    wait_until(page, "window.usineTown && window.usineTown.loop")
    assert page.evaluate("window.usineTown.ready.then(() => true)") is True
    assert page.get_by_role("heading", level=1).inner_text() == "Salon 2027"
