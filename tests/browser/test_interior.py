"""Stepping inside a building in a real Chromium (software WebGL): the town's click goes inside,
a testimonial's screen plays its video with captions, the keyboard alone goes in and out, the
way out is the same spot of the town, the text version is one key away, and without WebGL the
interior's address is the building's page."""

import io
import time

import pytest
from django.urls import reverse
from PIL import Image, ImageStat

from tests.exhibits.factories import (
    DemoFactory,
    DemoPhotoFactory,
    JobProfileFactory,
    TestimonialFactory,
    TrainingRouteFactory,
)
from tests.fair.factories import BuildingFactory, EditionFactory
from tests.media.clips import GOOD_VTT, make_clip, upload_of, vtt_upload
from tests.media.factories import VideoFactory
from tests.schools.helpers import booked_class, seated_session
from usine.fair.models import Building
from usine.media import services as media
from usine.schools.models import BuildingVisit, SeatClaim, TestimonialView

from .conftest import NO_WEBGL_ARGS, launch, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = None  # a folder to keep screenshots in while working on the look


@pytest.fixture
def workshop(tmp_path):
    """A valve workshop with a real transcoded testimonial, a job and a photo demo, among others."""
    edition = EditionFactory()
    for column in range(3):
        BuildingFactory(edition=edition, look="plant", x=-140.0 + 40.0 * column, z=-80.0)
    building = BuildingFactory(
        edition=edition,
        slug="vannes-aix",
        name="Atelier de robinetterie",
        look="workshop",
        x=-20.0,
        z=-40.0,
        description="On y usine et soude des vannes pour l'énergie.",
    )
    video = media.store_video(
        upload=upload_of(make_clip(tmp_path / "ines.mp4", seconds=4)), captions=vtt_upload()
    )
    media.transcode(video=video)
    job = JobProfileFactory(company=building.company, title="Soudeuse TIG")
    job.training_routes.add(TrainingRouteFactory(name="CAP Réalisations industrielles"))
    TestimonialFactory(
        company=building.company,
        first_name="Inès",
        job_label="Apprentie soudeuse",
        job=job,
        published=True,
        video=video,
    )
    DemoPhotoFactory(demo=DemoFactory(company=building.company, title="Une vanne de A à Z"))
    return building


def open_town(page, live_server, path=None):
    page.goto(live_server.url + (path or reverse("town:town")))
    wait_until(page, "window.usineTown && window.usineTown.loop")
    assert page.evaluate("window.usineTown.ready.then(() => true)") is True


def wait_inside(page, slug):
    wait_until(
        page,
        "(slug) => usineTown.inside && usineTown.inside.data.building.slug === slug"
        " && usineTown.insideFirstFrameDrawCalls > 0",
        arg=slug,
    )


def camera(page):
    return page.evaluate(
        "[...usineTown.camera.position.toArray(), ...usineTown.overview.controls.target.toArray()]"
    )


def wait_for(check, seconds=10.0):
    """Polls the database until `check()` is truthy (the page's requests land on their own)."""
    deadline = time.monotonic() + seconds
    while not (result := check()):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {seconds:.0f} s")
        time.sleep(0.1)
    return result


def keep(page, name):
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png")


def test_clicking_a_building_goes_inside_and_draws_its_stations(page, live_server, workshop):
    open_town(page, live_server)
    page.evaluate("(slug) => usineTown.focusBuilding(slug)", workshop.slug)
    page.evaluate("usineTown.nextFrame().then(() => true)")
    point = page.evaluate("(slug) => usineTown.screenPoint(slug)", workshop.slug)
    page.mouse.click(point["x"], point["y"])

    wait_inside(page, workshop.slug)
    assert page.url == live_server.url + reverse("town:inside", kwargs={"slug": workshop.slug})
    assert page.title().startswith("Atelier de robinetterie · ")
    panel = page.locator(".interior-panel")
    assert panel.locator("h2").inner_text() == "Atelier de robinetterie"
    stations = panel.locator(".interior-station")
    kinds = [stations.nth(i).get_attribute("data-kind") for i in range(stations.count())]
    assert kinds == ["testimonial", "job", "demo", "quiz", "desk"]
    assert stations.nth(0).inner_text().splitlines() == ["TÉMOIGNAGE", "Inès, Apprentie soudeuse"]
    # The town's own controls and list give way to the building's.
    assert page.locator(".town-list").is_hidden()
    assert page.get_by_role("button", name="Visite à pied").is_hidden()

    # The first frame inside had a quarter of the pixels; the next ones are sharp, and the
    # panels get their mipmaps once the page is idle.
    assert page.evaluate("usineTown.insideFirstFrameCoarse") is True
    wait_until(
        page,
        "!usineTown.loop.stats().coarse && usineTown.inside.scene.children"
        ".filter((o) => o.material && o.material.map).every((o) => o.material.map.generateMipmaps)",
    )
    width, shown = page.evaluate(
        "[usineTown.renderer.domElement.width, usineTown.renderer.domElement.clientWidth]"
    )
    assert width == shown > 0
    canvas = page.locator("canvas.town-canvas")
    image = Image.open(io.BytesIO(canvas.screenshot())).convert("RGB")
    assert ImageStat.Stat(image.convert("L")).stddev[0] > 15, "the inside looks blank"
    assert 0 < page.evaluate("usineTown.drawCalls()") < 60
    keep(page, "inside")


def test_a_testimonial_screen_plays_its_video_with_captions(page, live_server, workshop):
    open_town(page, live_server, reverse("town:inside", kwargs={"slug": workshop.slug}))
    wait_inside(page, workshop.slug)
    # Clicking the screen in the room opens it.
    point = page.evaluate(
        """() => {
          const station = usineTown.inside.stations.find((s) => s.kind === 'testimonial');
          const mesh = station.panels[0].mesh;
          const p = mesh.getWorldPosition(mesh.position.clone()).project(usineTown.inside.camera);
          const rect = usineTown.renderer.domElement.getBoundingClientRect();
          return {x: rect.left + (p.x + 1) / 2 * rect.width,
                  y: rect.top + (1 - p.y) / 2 * rect.height};
        }"""
    )
    page.mouse.click(point["x"], point["y"])
    dialog = page.locator("dialog.interior-dialog")
    dialog.wait_for(state="visible")
    assert dialog.locator("h2").inner_text() == "Inès"
    video = dialog.locator("video")
    assert video.get_attribute("data-testimonial") == str(workshop.company.testimonials.get().pk)
    video.click()
    page.evaluate("document.querySelector('dialog video').play()")
    wait_until(page, "document.querySelector('dialog video').currentTime > 1")
    track = page.evaluate(
        """() => {
          const video = document.querySelector('dialog video');
          const track = video.textTracks[0];
          return {kind: track.kind, language: track.language, mode: track.mode,
                  loaded: video.querySelector('track').readyState,
                  cues: track.cues ? track.cues.length : 0};
        }"""
    )
    assert track == {
        "kind": "captions",
        "language": "fr",
        "mode": "showing",
        "loaded": 2,
        "cues": GOOD_VTT.decode().count("-->"),
    }
    keep(page, "testimonial")

    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    wait_until(page, "document.querySelectorAll('dialog video').length === 0")
    # Escape closed the dialog only: still inside.
    assert page.evaluate("usineTown.inside !== null") is True


def test_keyboard_alone_goes_in_and_out_back_to_the_same_spot(page, live_server, workshop):
    open_town(page, live_server)
    entry = page.locator(f'.town-list a[data-slug="{workshop.slug}"]')
    entry.focus()
    page.evaluate("usineTown.nextFrame().then(() => true)")
    before = camera(page)

    page.keyboard.press("Enter")
    wait_inside(page, workshop.slug)
    assert page.evaluate("document.activeElement.id") == "interior-title"
    # Tab reaches the stations; arrows move between them and the camera follows.
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.kind") == "testimonial"
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.kind") == "job"
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.interior-dialog")
    dialog.wait_for(state="visible")
    assert dialog.locator("h2").inner_text() == "Soudeuse TIG"
    assert "CAP Réalisations industrielles" in dialog.inner_text()
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert page.evaluate("document.activeElement.dataset.kind") == "job"

    page.keyboard.press("Escape")
    wait_until(page, "usineTown.inside === null")
    page.wait_for_url(live_server.url + reverse("town:town"))
    assert camera(page) == pytest.approx(before, abs=0.01)
    assert page.evaluate("document.activeElement.dataset.slug") == workshop.slug
    assert page.locator(".town-list").is_visible()


def test_the_back_button_leaves_and_forward_enters_again(page, live_server, workshop):
    open_town(page, live_server)
    page.evaluate("(slug) => usineTown.select(slug)", workshop.slug)
    wait_inside(page, workshop.slug)
    page.go_back()
    wait_until(page, "usineTown.inside === null")
    assert page.url == live_server.url + reverse("town:town")
    page.go_forward()
    wait_inside(page, workshop.slug)


@pytest.mark.parametrize("look", [look.value for look in Building.Look])
def test_from_the_door_nothing_stands_in_front_of_the_testimonials_screens(page, live_server, look):
    """Every screen of the back wall is seen whole from the door: the room's props stay out of
    the way (the clean room's glass partitions stood in front of both screens)."""
    building = BuildingFactory(look=look)
    for first_name in ("Chloé", "Mehdi"):
        TestimonialFactory(
            company=building.company, first_name=first_name, published=True, video=VideoFactory()
        )
    open_town(page, live_server, reverse("town:inside", kwargs={"slug": building.slug}))
    wait_inside(page, building.slug)
    # At high quality (every small part drawn, as on a good PC), the screens painted plain
    # magenta: a point of a screen that is not magenta on the picture has something in front.
    points = page.evaluate(
        """() => {
          usineTown.inside.quality.set('high');
          const rect = usineTown.renderer.domElement.getBoundingClientRect();
          const points = usineTown.inside.stations.flatMap((station) => {
            if (station.kind !== 'testimonial') return [];
            const mesh = station.panels[0].mesh;
            mesh.material.map = null;
            mesh.material.color.setHex(0xff00ff);
            mesh.material.needsUpdate = true;
            const { width, height } = mesh.geometry.parameters;
            const out = [];
            for (const u of [-0.4, 0, 0.4]) for (const v of [-0.4, 0, 0.4]) {
              const p = mesh.localToWorld(mesh.position.clone().set(u * width, v * height, 0))
                .project(usineTown.inside.camera);
              out.push([station.name, (p.x + 1) / 2 * rect.width, (1 - p.y) / 2 * rect.height]);
            }
            return out;
          });
          usineTown.loop.request();
          return points;
        }"""
    )
    assert len(points) == 18
    page.evaluate("usineTown.nextFrame().then(() => true)")
    picture = Image.open(io.BytesIO(page.locator("canvas.town-canvas").screenshot())).convert("RGB")
    hidden = []
    for name, x, y in points:
        red, green, blue = picture.getpixel((int(x), int(y)))
        if not (red > 200 and green < 80 and blue > 200):
            hidden.append((name, round(x), round(y)))
    assert hidden == []


def test_the_text_version_is_one_key_away(page, live_server, workshop):
    open_town(page, live_server, reverse("town:inside", kwargs={"slug": workshop.slug}))
    wait_inside(page, workshop.slug)
    link = page.locator(".town-controls a[data-interior-text]")
    assert link.get_attribute("href") == workshop.get_absolute_url()
    assert link.get_attribute("aria-keyshortcuts") == "T"
    page.locator("body").press("t")
    page.wait_for_url(live_server.url + workshop.get_absolute_url())
    assert page.locator("h1").inner_text() == "Atelier de robinetterie"


def test_without_webgl_the_inside_address_is_the_building_page(
    playwright_instance, live_server, workshop
):
    browser = launch(playwright_instance, NO_WEBGL_ARGS)
    try:
        page = browser.new_page(locale="fr-FR")
        page.goto(live_server.url + reverse("town:inside", kwargs={"slug": workshop.slug}))
        page.wait_for_url(live_server.url + workshop.get_absolute_url())
        assert page.locator("h1").inner_text() == "Atelier de robinetterie"
    finally:
        browser.close()


def test_a_pupil_inside_is_in_that_building_and_its_testimonial_stamps_the_passport(
    page, live_server, workshop, settings
):
    settings.PASSPORT_STAMP_SECONDS = 600  # the stamp can only come from the video
    pupil = booked_class().school_class.pupils.first()
    page.context.add_cookies(
        [{"name": "sessionid", "value": seated_session(pupil), "url": live_server.url}]
    )
    open_town(page, live_server)
    page.wait_for_selector("[data-session-bar][data-building='']")
    page.evaluate("(slug) => usineTown.select(slug)", workshop.slug)
    wait_inside(page, workshop.slug)

    # The seat is in the building, from the same pings as on the building's page.
    wait_until(
        page, "document.querySelector('[data-session-bar]').dataset.building === 'vannes-aix'"
    )
    visit = wait_for(lambda: BuildingVisit.objects.filter(pupil=pupil).first())
    assert visit.building == workshop
    assert SeatClaim.objects.get(pupil=pupil).building == workshop
    page.wait_for_selector("[data-session-bar][data-stamps='0']")

    page.locator(".interior-station[data-kind='testimonial']").click()
    page.locator("dialog video").click()
    page.evaluate("document.querySelector('dialog video').play()")
    wait_until(page, "document.querySelector('[data-session-bar]').dataset.stamps === '1'")
    assert BuildingVisit.objects.get(pupil=pupil).stamp == BuildingVisit.Stamp.TESTIMONIAL
    assert TestimonialView.objects.get(pupil=pupil).testimonial.company == workshop.company

    # Back out in the town: the seat leaves the building at once.
    page.keyboard.press("Escape")  # closes the dialog
    page.keyboard.press("Escape")  # goes out
    wait_until(page, "usineTown.inside === null")
    assert wait_for(lambda: SeatClaim.objects.get(pupil=pupil).building is None) is True
