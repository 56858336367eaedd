"""Media on S3 in a real Chromium: the fair runs in its own process configured by the AWS_*
variables alone (as in production), a testimonial transcoded into a SeaweedFS bucket plays
through hls.js straight from the bucket with its French captions, and the page's
Content-Security-Policy lets exactly that through (the `page` fixture fails on any refusal)."""

import pytest

from tests.browser.conftest import build_client, wait_until
from tests.exhibits.factories import TestimonialFactory
from tests.fair.factories import BuildingFactory
from tests.media.clips import GOOD_VTT, make_clip, upload_of, vtt_upload
from tests.servers import process_env, s3_env, uvicorn_server
from usine.media import services as media

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_testimonial_plays_from_the_bucket_with_its_captions(page, tmp_path, s3, s3_storage):
    build_client()
    building = BuildingFactory(slug="port-de-brest", name="Port de commerce")
    video = media.store_video(
        upload=upload_of(make_clip(tmp_path / "yanis.mp4", seconds=4)), captions=vtt_upload()
    )
    media.transcode(video=video)
    TestimonialFactory(company=building.company, published=True, video=video)
    bucket = f"{s3['AWS_S3_ENDPOINT_URL']}/{s3_storage.bucket_name}/"
    media_requests: list[tuple[str, int]] = []
    page.on(
        "response",
        lambda response: (
            media_requests.append((response.url, response.status))
            if response.url.endswith((".m3u8", ".ts", ".vtt", ".jpg"))
            else None
        ),
    )
    env = process_env(tmp_path, **s3_env(s3, s3_storage))

    with uvicorn_server(env, tmp_path / "web.log") as base_url:
        page.goto(f"{base_url}/batiments/port-de-brest/")
        player = page.locator("video.hls-video")
        assert player.get_attribute("data-hls") == f"{bucket}{video.playlist}"
        assert player.get_attribute("poster") == f"{bucket}{video.poster}"
        player.click()  # a user gesture: players start on a visitor's action only
        page.evaluate("document.querySelector('video.hls-video').play()")
        wait_until(page, "document.querySelector('video.hls-video').currentTime > 1")
        track = page.evaluate(
            """() => {
              const video = document.querySelector('video.hls-video');
              const track = video.textTracks[0];
              return {src: video.querySelector('track').src, mode: track.mode,
                      cues: track.cues ? track.cues.length : 0, first: track.cues[0].text};
            }"""
        )

    assert track == {
        "src": f"{bucket}{video.captions.name}",
        "mode": "showing",
        "cues": GOOD_VTT.decode().count("-->"),
        "first": "Bonjour, je suis apprentie soudeuse.",
    }
    # Whole files (200) or ranges of them (206), every one from the bucket.
    fetched = {url.removeprefix(bucket): status for url, status in media_requests}
    assert all(url.startswith(bucket) for url, _ in media_requests)
    folder = video.playlist.removesuffix("master.m3u8")
    played = [name for name in fetched if name.startswith(folder) and name.endswith(".ts")]
    assert played
    for name in [video.playlist, video.captions.name, video.poster, *played]:
        assert fetched[name] in {200, 206}, name
