"""The Forum talk page in a real Chromium: the live stream through the real packager (ffmpeg over
SRT, as OBS publishes), played by hls.js near the live edge, and sound alone for slow lines."""

import pytest

from tests.browser.conftest import wait_until
from tests.forum.factories import TalkFactory
from tests.forum.feeds import free_udp_port, publish, wait_listening
from tests.tools import require
from tests.users.factories import UserFactory
from usine.forum import captions, stream
from usine.forum.audience import ORGANIZER, Attendee
from usine.forum.models import Talk
from usine.forum.on_air import StagePackagers

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_talk(settings):
    require("ffmpeg")
    settings.FORUM_SRT_PORT = free_udp_port()
    talk = TalkFactory(title="L'usine du futur", slug="usine-du-futur")
    Talk.objects.filter(pk=talk.pk).update(state=Talk.State.LIVE)
    talk.refresh_from_db()
    stages = StagePackagers()
    stages.reconcile()
    feed = stream.encoder_settings(talk=talk)
    wait_listening(feed["port"])
    speaker = publish(feed["url"], seconds=40)
    yield talk, stages
    speaker.kill()
    speaker.wait()
    stages.stop_all()


def playing_time(page):
    return page.evaluate("document.querySelector('[data-forum-player] video').currentTime")


def test_the_live_talk_plays_near_the_edge_and_as_sound_alone(page, live_server, live_talk):
    page.goto(f"{live_server.url}/forum/usine-du-futur/")
    player = page.locator("[data-forum-player]")
    assert player.get_by_role("heading").inner_text() == "En direct"
    # Nothing is fetched before the visitor presses play.
    assert page.evaluate("document.querySelector('[data-forum-player] video').readyState") == 0

    wait_until(page, "document.querySelector('[data-forum-player] video').hls")
    page.locator("[data-forum-player] video").click()
    # Not awaited: a live stream's play() settles only once the first segments are in.
    page.evaluate("document.querySelector('[data-forum-player] video').play(); null")
    wait_until(
        page, "document.querySelector('[data-forum-player] video').currentTime > 2", timeout=60_000
    )
    state = page.evaluate(
        """() => {
          const video = document.querySelector('[data-forum-player] video');
          const hls = video.hls;
          return {levels: hls.levels.map((l) => l.height), width: video.videoWidth,
                  latency: hls.latency, live: hls.levels[0].details.live};
        }"""
    )
    assert state["levels"] == [360, 360]  # the source (640x360 here) and the 360p rendition
    assert state["width"] == 640
    assert state["live"] is True
    assert state["latency"] > 0
    # Within the default ≤ 8 s of the live edge: at once, or soon after a stall at the start (a
    # loaded machine, a slow line) as the player catches up.
    wait_until(
        page,
        "document.querySelector('[data-forum-player] video').hls.latency <= 8.5",
        timeout=30_000,
    )

    page.get_by_label("Son seul").check()  # keyboard-reachable radio buttons
    wait_until(page, "document.querySelector('[data-forum-player]').dataset.quality === 'audio'")
    before = playing_time(page)
    wait_until(
        page,
        f"document.querySelector('[data-forum-player] video').currentTime > {before} + 2",
        timeout=30_000,
    )
    assert page.evaluate("document.querySelector('[data-forum-player] video').videoWidth") == 0
    assert page.evaluate("document.querySelector('[data-forum-player] video').hls.url").endswith(
        "/audio/live.m3u8"
    )
    fetched = page.evaluate("performance.getEntriesByType('resource').map((e) => e.name)")
    assert not [url for url in fetched if "replay" in url]  # viewers never load the replay
    page.screenshot(path="/tmp/forum-live.png")


def test_the_replay_plays_within_seconds_of_the_end(page, live_server, live_talk):
    talk, stages = live_talk
    talk_stream = stream.stream_for(talk=talk)
    live = stream.folder_path(talk_stream) / "source" / "live.m3u8"
    wait_until_file(lambda: live.exists() and live.read_text().count("#EXTINF") >= 3)
    Talk.objects.filter(pk=talk.pk).update(state=Talk.State.ENDED)
    stages.reconcile()  # the packager stops, the replay is closed, then archived
    # Published in the caption editor, as an organizer would: only then is the replay public.
    talk.refresh_from_db()
    organizer = Attendee(ORGANIZER, user_id=UserFactory(is_staff=True).pk)
    captions.save_cues(talk=talk, attendee=organizer, cues=[(0.5, 2.0, "Bonjour à tous")])
    captions.publish(talk=talk, attendee=organizer)

    page.goto(f"{live_server.url}/forum/usine-du-futur/")
    assert page.locator(".talk-player h2").inner_text() == "Replay"
    video = page.locator("video[data-forum-video]")
    assert video.get_attribute("data-hls").endswith("/replay.m3u8")  # the closed VOD, at once
    video.click()
    page.evaluate("document.querySelector('video[data-forum-video]').play(); null")
    wait_until(page, "document.querySelector('video[data-forum-video]').currentTime > 1")
    assert (
        page.evaluate("document.querySelector('video[data-forum-video]').textTracks[0].kind")
        == "captions"
    )
    assert page.evaluate(
        "Number.isFinite(document.querySelector('video[data-forum-video]').duration)"
    )


def wait_until_file(condition, timeout_s=60):
    import time

    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "the packager wrote no segments"
        time.sleep(0.2)
