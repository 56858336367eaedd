"""A seated pupil plays a testimonial's video (transcoded for real) in a real Chromium: the
session bar reports the player's position as it plays, and the server stamps the building
once the video was played through, long before the time spent there would have."""

import pytest
from django.utils import timezone

from tests.browser.conftest import wait_until
from tests.exhibits.factories import TestimonialFactory
from tests.fair.factories import BuildingFactory
from tests.media.clips import make_clip, upload_of, vtt_upload
from tests.schools.helpers import booked_class, seated_session
from usine.media import services as media
from usine.schools.models import BuildingVisit, TestimonialProgress, TestimonialView

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_pupil_playing_a_testimonial_gets_its_stamp(page, live_server, tmp_path, settings):
    settings.PASSPORT_STAMP_SECONDS = 600  # the stamp can only come from the video
    pupil = booked_class().school_class.pupils.first()
    building = BuildingFactory(edition=pupil.school_class.edition, slug="vannes-aix")
    video = media.store_video(
        upload=upload_of(make_clip(tmp_path / "ines.mp4", seconds=4)), captions=vtt_upload()
    )
    media.transcode(video=video)
    testimonial = TestimonialFactory(company=building.company, published=True, video=video)
    page.context.add_cookies(
        [{"name": "sessionid", "value": seated_session(pupil), "url": live_server.url}]
    )

    page.goto(f"{live_server.url}/batiments/vannes-aix/")
    page.wait_for_selector("[data-session-bar][data-stamps='0']")
    page.locator("video.hls-video").click()
    started = timezone.now()
    page.evaluate("document.querySelector('video.hls-video').play()")

    wait_until(page, "document.querySelector('[data-session-bar]').dataset.stamps === '1'")
    assert (timezone.now() - started).total_seconds() >= 0.4 * video.duration_s
    wait_until(
        page,
        "document.querySelector('[data-session-news]').textContent"
        ".includes('Tampon ajouté à ton passeport')",
    )
    assert BuildingVisit.objects.get(pupil=pupil).stamp == BuildingVisit.Stamp.TESTIMONIAL
    assert TestimonialView.objects.get(pupil=pupil).testimonial == testimonial
    assert TestimonialProgress.objects.get().watched >= 0.8 * video.duration_s
