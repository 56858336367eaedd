"""A building page in a real Chromium: its testimonial video, transcoded for real, plays through
hls.js with its French captions track loaded; the text view works with the keyboard alone."""

import pytest

from tests.browser.conftest import wait_until
from tests.exhibits.factories import TestimonialFactory
from tests.fair.factories import BuildingFactory, EditionFactory
from tests.media.clips import GOOD_VTT, make_clip, upload_of, vtt_upload
from usine.media import services as media

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def valve_workshop(tmp_path):
    building = BuildingFactory(slug="vannes-aix", name="Atelier de robinetterie")
    video = media.store_video(
        upload=upload_of(make_clip(tmp_path / "ines.mp4", seconds=4)), captions=vtt_upload()
    )
    media.transcode(video=video)
    TestimonialFactory(
        company=building.company,
        first_name="Inès",
        job_label="Apprentie soudeuse",
        transcript="Bonjour, je suis apprentie soudeuse.",
        published=True,
        video=video,
    )
    return building


def test_testimonial_video_plays_with_its_captions(page, live_server, valve_workshop):
    page.goto(f"{live_server.url}/batiments/vannes-aix/")
    video = page.locator("video.hls-video")
    video.click()  # a user gesture: players start on a visitor's action only
    page.evaluate("document.querySelector('video.hls-video').play()")

    wait_until(page, "document.querySelector('video.hls-video').currentTime > 1", timeout=30_000)
    track = page.evaluate(
        """() => {
          const video = document.querySelector('video.hls-video');
          const element = video.querySelector('track');
          const track = video.textTracks[0];
          return {kind: track.kind, language: track.language, mode: track.mode,
                  loaded: element.readyState, cues: track.cues ? track.cues.length : 0,
                  width: video.videoWidth};
        }"""
    )
    assert track == {
        "kind": "captions",
        "language": "fr",
        "mode": "showing",
        "loaded": 2,  # HTMLTrackElement.LOADED
        "cues": GOOD_VTT.decode().count("-->"),
        "width": track["width"],
    }
    assert track["width"] in {426, 768}  # one of the two HLS renditions


def test_text_view_works_with_the_keyboard_alone(page, live_server):
    edition = EditionFactory()
    BuildingFactory(edition=edition, name="Atelier de robinetterie", slug="vannes-aix")
    BuildingFactory(edition=edition, name="Hangar des hélicoptères", slug="helicopteres")
    page.goto(f"{live_server.url}/ville/texte/")

    focused = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.textContent.trim()"))
        if focused[-1] == "Hangar des hélicoptères":
            break
    assert focused[0] == "Aller au contenu"
    assert focused[-1] == "Hangar des hélicoptères"

    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/batiments/helicopteres/")
    assert page.locator("h1").text_content() == "Hangar des hélicoptères"


def test_language_switch_changes_the_page_language(page, live_server):
    EditionFactory()
    page.goto(f"{live_server.url}/ville/texte/")
    assert page.locator("h1").text_content() == "La ville en texte"

    page.get_by_label("Langue").select_option("en")
    page.get_by_role("button", name="Changer").press("Enter")

    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").text_content() == "The town as text"
