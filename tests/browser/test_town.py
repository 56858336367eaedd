"""The 3D town in a real Chromium (software WebGL): it draws, stays cheap, and every way of
reaching a building's inside works: pointer, keyboard list, walk mode, text view, no-WebGL
fallback (tests/browser/test_interior.py goes on inside)."""

import base64
import io
import json

import pytest
from django.urls import reverse
from PIL import Image, ImageChops, ImageStat

from tests.exhibits.factories import CompanyFactory
from tests.fair.factories import BuildingFactory, EditionFactory
from usine.fair.models import Building

from .conftest import KEEP_HIGH_QUALITY, NO_WEBGL_ARGS, csp_violations, launch, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAND_LOOKS = ["hangar", "workshop", "plant", "warehouse", "lab", "wind_turbine", "refinery", "silo"]
SEA_LOOKS = ["port", "warehouse", "shipyard", "silo", "warehouse", "refinery", "shipyard", "port"]
COLUMNS = [-140.0 + 40.0 * i for i in range(8)]


@pytest.fixture
def town():
    """A 40-building town laid out as the contract says: 4 land rows, 1 quay row."""
    edition = EditionFactory()
    buildings = []
    for row, z in enumerate([-120.0, -80.0, -40.0, 0.0]):
        for column, x in enumerate(COLUMNS):
            buildings.append(
                BuildingFactory(
                    edition=edition,
                    look=LAND_LOOKS[(row * 3 + column) % len(LAND_LOOKS)],
                    x=x,
                    z=z,
                    orientation=0.0 if row % 2 else 180.0,
                )
            )
    for column, x in enumerate(COLUMNS):
        company = CompanyFactory(name=f"Quai {column}", slug=f"quai-{column}")
        buildings.append(
            BuildingFactory(
                edition=edition,
                company=company,
                name=f"Terminal du quai {column}",
                look=SEA_LOOKS[column],
                x=x,
                z=36.0,
                orientation=180.0,
                zone=Building.Zone.SEA_FRONT,
            )
        )
    return buildings


def open_town(page, live_server):
    page.goto(live_server.url + reverse("town:town"))
    wait_until(page, "window.usineTown && window.usineTown.loop")
    assert page.evaluate("window.usineTown.ready.then(() => true)") is True


def next_frame(page):
    page.evaluate("window.usineTown.nextFrame().then(() => true)")


def camera(page):
    return page.evaluate(
        "[...usineTown.camera.position.toArray(), ...usineTown.overview.controls.target.toArray()]"
    )


def inside(building):
    return reverse("town:inside", kwargs={"slug": building.slug})


def quay_building(town, column=3):
    return town[32 + column]


def test_the_canvas_draws_a_town_in_few_draw_calls(page, live_server, town):
    open_town(page, live_server)
    canvas = page.locator("canvas.town-canvas")
    assert canvas.get_attribute("aria-hidden") == "true"

    image = Image.open(io.BytesIO(canvas.screenshot())).convert("RGB")
    spread = ImageStat.Stat(image.convert("L")).stddev[0]
    colours = len(image.getcolors(maxcolors=1 << 20) or [])
    assert spread > 15, f"the canvas looks blank (grey-level spread {spread:.1f})"
    assert colours > 200, f"the canvas has only {colours} colours"

    calls = page.evaluate("usineTown.drawCalls()")
    assert 0 < calls < 100
    assert page.evaluate("usineTown.buildings.length") == 40


def test_hovering_a_building_shows_its_name_and_clicking_opens_it(page, live_server, town):
    building = quay_building(town)
    open_town(page, live_server)
    point = page.evaluate("(slug) => usineTown.screenPoint(slug)", building.slug)
    assert point["visible"] is True

    page.mouse.move(point["x"], point["y"])
    label = page.locator("[data-town-label]")
    label.wait_for(state="visible")
    assert label.locator("[data-label-name]").inner_text() == building.name
    assert label.locator("[data-label-hint]").inner_text() == "Cliquer pour entrer"

    page.mouse.click(point["x"], point["y"])
    page.wait_for_url(f"**{inside(building)}")
    wait_until(page, "usineTown.inside !== null")


def drawn(page, script, arg=None):
    """Runs `script` (which asks for a frame), then gives that frame's image and the part of the
    canvas it drew (None for all of it), read as soon as it is drawn."""
    data, region = page.evaluate(
        f"""(arg) => {{
          ({script})(arg);
          return usineTown.nextFrame().then(() => [
            usineTown.renderer.domElement.toDataURL("image/png"), usineTown.loop.stats().region,
          ]);
        }}""",
        arg,
    )
    image = Image.open(io.BytesIO(base64.b64decode(data.split(",", 1)[1]))).convert("RGB")
    return image, region


def test_a_highlight_draws_only_its_building_again_as_a_whole_frame_would(page, live_server, town):
    open_town(page, live_server)
    before, _ = drawn(page, "() => usineTown.loop.request()")
    highlighted, region = drawn(page, "(slug) => usineTown.highlight(slug)", town[10].slug)
    whole, everything = drawn(page, "() => usineTown.loop.request()")
    assert everything is None

    # The building and its ring, a small part of the canvas, were drawn again...
    assert region is not None
    share = (region["right"] - region["left"]) * (region["bottom"] - region["top"])
    assert 0 < share < 0.2 * before.width * before.height
    changed = ImageChops.difference(before, highlighted).getbbox()
    assert changed is not None
    left, top, right, bottom = changed
    assert left >= region["left"] - 1
    assert right <= region["right"] + 1
    assert top >= region["top"] - 1
    assert bottom <= region["bottom"] + 1
    # ...exactly as the whole frame draws them.
    assert ImageChops.difference(highlighted, whole).getbbox() is None


def test_focusing_a_list_entry_highlights_and_names_the_building(page, live_server, town):
    building = town[10]
    open_town(page, live_server)
    entry = page.locator(f'.town-list a[data-slug="{building.slug}"]')
    assert entry.get_attribute("href") == building.get_absolute_url()

    entry.focus()
    label = page.locator("[data-town-label]")
    label.wait_for(state="visible")
    assert label.locator("[data-label-name]").inner_text() == building.name
    assert "is-highlighted" in entry.get_attribute("class")
    highlighted = page.evaluate("usineTown.buildings[usineTown.highlighted].slug")
    assert highlighted == building.slug

    page.keyboard.press("Enter")
    page.wait_for_url(f"**{inside(building)}")
    wait_until(page, "usineTown.inside !== null")


def test_the_camera_is_where_it_was_after_visiting_a_building(page, live_server, town):
    building = quay_building(town, column=4)  # a warehouse: solid in its middle
    open_town(page, live_server)
    start = camera(page)
    page.get_by_role("button", name="Zoomer", exact=True).click()
    next_frame(page)
    zoomed = camera(page)
    assert zoomed != pytest.approx(start, abs=0.5)

    point = page.evaluate("(slug) => usineTown.screenPoint(slug)", building.slug)
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url(f"**{inside(building)}")
    wait_until(page, "usineTown.inside !== null")
    # Its text version, then back inside, then back out.
    page.locator("body").press("t")
    page.wait_for_url(f"**{building.get_absolute_url()}")
    page.go_back()
    page.wait_for_url(f"**{inside(building)}")
    wait_until(page, "window.usineTown && usineTown.inside !== null")

    page.go_back()
    wait_until(page, "window.usineTown && window.usineTown.loop")
    page.evaluate("window.usineTown.ready.then(() => true)")
    assert camera(page) == pytest.approx(zoomed, abs=0.01)

    # A new visit of the town in the same tab starts from the saved view too.
    open_town(page, live_server)
    assert camera(page) == pytest.approx(zoomed, abs=0.01)


def test_key_t_goes_to_the_text_view(page, live_server, town):
    open_town(page, live_server)
    link = page.locator(".town-controls a[aria-keyshortcuts='T']:not([data-interior-text])")
    assert link.get_attribute("href") == reverse("town:text")
    page.locator("body").press("t")
    page.wait_for_url(f"**{reverse('town:text')}")


def test_low_quality_toggle_lightens_the_scene_and_is_remembered(page, live_server, town):
    open_town(page, live_server)
    toggle = page.get_by_role("button", name="Qualité basse")
    assert toggle.get_attribute("aria-pressed") == "false"
    high = page.evaluate(
        "({calls: usineTown.drawCalls(), ratio: usineTown.renderer.getPixelRatio(),"
        " shadows: usineTown.renderer.shadowMap.enabled})"
    )
    assert high["shadows"] is True

    toggle.click()
    next_frame(page)
    low = page.evaluate(
        "({calls: usineTown.drawCalls(), ratio: usineTown.renderer.getPixelRatio(),"
        " shadows: usineTown.renderer.shadowMap.enabled, quality: usineTown.quality})"
    )
    assert toggle.get_attribute("aria-pressed") == "true"
    assert low["quality"] == "low"
    assert low["shadows"] is False
    assert low["ratio"] <= 1
    assert low["calls"] < high["calls"]
    assert page.evaluate("localStorage.getItem('usine.town.quality')") == "low"

    page.reload()
    wait_until(page, "window.usineTown && window.usineTown.loop")
    page.evaluate("window.usineTown.ready.then(() => true)")
    assert page.evaluate("usineTown.quality") == "low"
    assert page.get_by_role("button", name="Qualité basse").get_attribute("aria-pressed") == "true"


def test_walk_mode_stays_out_of_buildings(page, live_server, town):
    building = town[8 + 3]  # second land row, a street runs 20 m south of it
    open_town(page, live_server)
    page.locator("body").press("m")
    walk = page.get_by_role("button", name="Visite à pied")
    assert walk.get_attribute("aria-pressed") == "true"
    wait_until(page, "usineTown.walk.active")
    assert page.evaluate("usineTown.camera.position.y") == pytest.approx(1.7)

    # Stand in the street south of the building, facing it (north), and walk into it.
    page.evaluate(
        "([x, z]) => { usineTown.walk.enter({x, z, yaw: 0}); usineTown.loop.request(); }",
        [building.x, building.z + 20],
    )
    page.keyboard.down("ArrowUp")
    wait_until(page, f"usineTown.walk.state.z < {building.z + 16}")
    page.wait_for_timeout(1500)
    page.keyboard.up("ArrowUp")
    state = page.evaluate("usineTown.walk.state")
    assert state["z"] >= building.z + 13
    assert state["x"] == pytest.approx(building.x)

    page.keyboard.press("Escape")
    assert walk.get_attribute("aria-pressed") == "false"


def test_without_webgl_the_page_says_so_and_links_the_text_view(
    playwright_instance, live_server, town
):
    browser = launch(playwright_instance, NO_WEBGL_ARGS)
    try:
        page = browser.new_page(locale="fr-FR")
        page.goto(live_server.url + reverse("town:town"))
        message = page.locator("[data-town-fallback]")
        message.wait_for(state="visible")
        assert "WebGL" in message.inner_text()
        link = message.get_by_role("link", name="Visiter la ville en vue texte")
        assert link.get_attribute("href") == reverse("town:text")
        assert page.evaluate("typeof window.usineTown") == "undefined"
        # Every building is still one link away in the page's list.
        assert page.locator(".town-list a").count() == len(town)
    finally:
        browser.close()


def test_the_town_page_without_an_open_edition_says_the_town_is_closed(page, live_server):
    EditionFactory(state="draft")
    page.goto(live_server.url + reverse("town:town"))
    assert page.locator("h1").inner_text() == "La ville est fermée pour le moment"
    assert page.locator("canvas").count() == 0


def test_the_api_feeds_the_client_what_it_draws(page, live_server, town):
    open_town(page, live_server)
    slugs = page.evaluate("usineTown.buildings.map((b) => b.slug)")
    body = json.loads(page.evaluate("fetch('/api/town').then((r) => r.text())"))
    assert slugs == [building["slug"] for building in body["buildings"]]


@pytest.fixture
def phone(browser):
    """A phone: touch screen, mobile viewport (375 by 667), no mouse."""
    context = browser.new_context(
        viewport={"width": 375, "height": 667},
        has_touch=True,
        is_mobile=True,
        device_scale_factor=2,
        locale="fr-FR",
        reduced_motion="reduce",
    )
    context.add_init_script(KEEP_HIGH_QUALITY)
    page = context.new_page()
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    csp_violations(page, into=errors)
    yield page
    context.close()
    assert errors == []


def test_on_a_phone_one_tap_names_a_building_and_a_second_tap_enters(phone, live_server, town):
    building = quay_building(town)
    open_town(phone, live_server)
    point = phone.evaluate("(slug) => usineTown.screenPoint(slug)", building.slug)
    assert point["visible"] is True
    label = phone.locator("[data-town-label]")
    assert label.is_hidden()

    phone.touchscreen.tap(point["x"], point["y"])
    label.wait_for(state="visible")
    # Still shown once the tap's trailing events (pointerleave, a synthetic click) are over.
    next_frame(phone)
    phone.wait_for_timeout(400)
    assert label.is_visible()
    assert label.locator("[data-label-name]").inner_text() == building.name
    assert label.locator("[data-label-hint]").inner_text() == "Touchez encore pour entrer"
    assert phone.url == live_server.url + reverse("town:town")

    phone.touchscreen.tap(point["x"], point["y"])
    phone.wait_for_url(f"**{inside(building)}")
    wait_until(phone, "usineTown.inside !== null")
