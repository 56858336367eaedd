"""The Forum's browser studio end to end: a speaker's Chromium (fake camera) publishes into the
stage's Janus room, the organizer's backstage sees the feed and puts the talk on air, Janus
forwards the feed's RTP to the stage's packager (`manage.py forum_packager`), whose HLS segments
appear, last about 2 s and decode. A viewer plays the stream with hls.js; the speaker reloads the
studio page and publishes again, under a new feed: the stream resumes after a discontinuity and
the viewer keeps playing, with nobody touching the backstage.

Janus, the web server, the packagers' loop and Chromium run in a private network namespace (see
tests/netns.py): Janus ignores loopback interfaces for ICE, and nothing may leave the machine.
"""

import json
import os
import subprocess
import sys
import time

import pytest
from django.db import connection
from django.urls import reverse

from tests.forum.factories import SpeakerFactory, TalkFactory
from tests.forum.test_packager import playlist, probe, wait_for
from tests.live.janus_server import start_janus, stop_janus
from tests.netns import private_network, run_inside, wrapper_script
from tests.tools import require
from tests.users.factories import UserFactory
from usine.forum import hls, studio
from usine.forum.models import TalkSpeaker, TalkStream

from .conftest import CHROMIUM, CHROMIUM_ARGS, MANIFEST, ROOT, wait_until
from .test_live_video import (
    MEDIA_ARGS,
    VIDEO_MOVES,
    new_page,
    session_cookie,
    start_web_server,
    stop_process,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def start_packagers(prefix, janus, data_dir):
    """`manage.py forum_packager` inside the namespace, on the test's database."""
    from django.conf import settings

    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "tests.browser.live_video_settings",
        "DATABASE_URL": f"sqlite:///{connection.settings_dict['NAME']}",
        "SECRET_KEY": settings.SECRET_KEY,
        "USINE_DATA_DIR": str(data_dir),
        **janus.settings(),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    log = (data_dir / "packagers.log").open("wb")
    return subprocess.Popen(
        [*prefix, sys.executable, "manage.py", "forum_packager", "--interval", "0.5"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip


PLAYER = "document.querySelector('[data-forum-player] video')"
# Two seconds into a segment of the run `prefix` ("r002"), as hls.js placed it on its timeline.
PLAYING_RUN = f"""((prefix) => {{
  const video = {PLAYER};
  const level = video.hls.levels[Math.max(video.hls.currentLevel, 0)];
  const fragments = (level && level.details && level.details.fragments) || [];
  const first = fragments.find((fragment) => fragment.relurl.startsWith(prefix));
  return Boolean(first) && video.currentTime > first.start + 2;
}})"""


def new_run(folder, *, after):
    """The number of a run later than `after` once it has two segments in the live playlist."""
    numbers = [n for n in hls.run_numbers(folder) if n > after]
    if numbers and f"r{numbers[-1]:03d}-00001.ts" in playlist(folder / hls.LIVE_NAME):
        return numbers[-1]
    return None


def moving_video(page):
    deadline = time.monotonic() + 30
    moving = None
    while time.monotonic() < deadline:
        moving = page.evaluate(VIDEO_MOVES)
        if moving and moving["end"] > moving["start"]:
            return moving
        time.sleep(0.5)
    return moving


def test_the_speaker_publishes_from_the_studio_and_the_stage_streams_it(
    playwright_instance, tmp_path
):
    require("janus")
    require("ffmpeg")
    manifest = json.loads(MANIFEST.read_text()) if MANIFEST.exists() else {}
    assert "src/forum-studio.js" in manifest, "the client is not built: run `make client`"
    talk = TalkFactory(title="L'usine de demain")
    speaker = SpeakerFactory(edition=talk.edition, name="Inès Durand", user=UserFactory())
    TalkSpeaker.objects.create(talk=talk, speaker=speaker)
    studio.set_source(talk=talk, source=TalkStream.Source.STUDIO)
    folder = tmp_path / "media" / TalkStream.objects.get(talk=talk).folder
    speaker_cookie = session_cookie(user=speaker.user)
    organizer_cookie = session_cookie(user=UserFactory(is_staff=True))
    viewer_cookie = session_cookie(user=UserFactory())

    janus = web = packagers = browser = None
    with private_network() as netns:
        try:
            prefix = run_inside(netns)
            janus = start_janus(tmp_path / "janus", prefix=prefix)
            port = 8000
            web = start_web_server(prefix, port, janus, tmp_path)
            packagers = start_packagers(prefix, janus, tmp_path)
            base_url = f"http://127.0.0.1:{port}"
            browser = playwright_instance.chromium.launch(
                executable_path=str(wrapper_script(netns, CHROMIUM, tmp_path)),
                args=[*CHROMIUM_ARGS, *MEDIA_ARGS],
            )

            speaker_page, speaker_errors = new_page(browser, base_url, speaker_cookie)
            speaker_page.goto(reverse("forum:studio", args=[talk.edition.slug, talk.pk]))
            speaker_page.click("[data-studio-publish]")
            speaker_page.wait_for_selector("[data-studio][data-state=backstage]")
            assert speaker_page.locator("[data-studio-status]").inner_text() == (
                "En coulisses : l'équipe du salon vous voit et vous entend, le public pas encore."
            )

            backstage, backstage_errors = new_page(browser, base_url, organizer_cookie)
            backstage.goto(
                reverse("forum:organizer_backstage", args=[talk.edition.slug, talk.stage_id])
            )
            backstage.wait_for_selector("[data-live-video][data-state=live]")
            moving = moving_video(backstage)
            assert moving is not None
            assert moving["end"] > moving["start"], moving
            assert backstage.locator("figcaption", has_text="Inès Durand").count() == 1
            backstage.wait_for_selector("[data-packager-state=packagerIdle]")

            backstage.click("button[name=state][value=live]")
            backstage.wait_for_selector(".live-badge")
            speaker_page.wait_for_selector("[data-studio][data-state=onAir]", timeout=10_000)

            source = folder / hls.SOURCE.name
            wait_for(lambda: playlist(source / hls.LIVE_NAME).count("#EXTINF") >= 4, timeout_s=90)
            segments = hls.read_segments(source)
            # The source is copied: a segment ends at the first keyframe after 2 s, and the
            # browser is asked for one every second, so a late keyframe makes a segment up to
            # 3 s. The lengths ffmpeg writes come from the packets' timestamps, which WebRTC's
            # jitter shifts (a loaded machine wrote 2.3, 1.05, 2.95, 1.05 s): each is at most
            # 3.2 s and after the first they average 2.
            durations = [s.duration for s in segments[1:]]
            assert max(durations) <= 3.2, segments
            assert 1.5 <= sum(durations) / len(durations) <= 2.6, segments
            # A moving picture, not a still: frames all along the longest segment (at least 10
            # a second; the browser sends 30, fewer when the machine is loaded).
            longest = max(segments[1:], key=lambda s: s.duration)
            probed = probe(source / longest.uri)
            kinds = {s["codec_type"]: s["codec_name"] for s in probed["streams"]}
            assert kinds == {"video": "h264", "audio": "aac"}
            video = next(s for s in probed["streams"] if s["codec_type"] == "video")
            assert int(video["nb_read_frames"]) >= 10 * longest.duration, (longest, video)
            backstage.wait_for_selector("[data-packager-state=packagerReceiving]", timeout=10_000)

            viewer, viewer_errors = new_page(browser, base_url, viewer_cookie)
            viewer.goto(reverse("forum:talk", args=[talk.slug]))
            wait_until(viewer, "document.querySelector('[data-forum-player] video').hls")
            viewer.locator("[data-forum-player] video").click()
            viewer.evaluate("document.querySelector('[data-forum-player] video').play(); null")
            wait_until(viewer, f"{PLAYER}.currentTime > 2", timeout=60_000)

            # The speaker reloads the page (a new feed in Janus) and switches the camera on.
            before = max(hls.run_numbers(source))
            speaker_page.reload()
            speaker_page.click("[data-studio-publish]")
            speaker_page.wait_for_selector("[data-studio][data-state=onAir]")
            run = wait_for(lambda: new_run(source, after=before), timeout_s=60)
            live = playlist(source / hls.LIVE_NAME).splitlines()
            assert live.index("#EXT-X-DISCONTINUITY") == live.index(f"r{run:03d}-00000.ts") - 3
            # The viewer plays on into the speaker's new feed.
            wait_until(viewer, PLAYING_RUN, arg=f"r{run:03d}", timeout=60_000)
            assert viewer.evaluate(f"{PLAYER}.paused") is False
            assert speaker_errors == []
            assert backstage_errors == []
            assert viewer_errors == []
        finally:
            if browser is not None:
                browser.close()
            stop_process(packagers)
            stop_process(web)
            if janus is not None:
                stop_janus(janus)
