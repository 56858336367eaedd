"""The Forum's browser studio end to end: a speaker's Chromium (fake camera) publishes into the
stage's Janus room, the organizer's backstage sees the feed and puts the talk on air, Janus
forwards the feed's RTP to the stage's packager (`manage.py forum_packager`), whose HLS segments
appear, last about 2 s and decode.

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

from .conftest import CHROMIUM, CHROMIUM_ARGS, MANIFEST, ROOT
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
            wait_for(lambda: playlist(source / hls.LIVE_NAME).count("#EXTINF") >= 2, timeout_s=40)
            segments = hls.read_segments(source)
            # The source is copied: a segment ends at the first keyframe after 2 s, and the
            # browser is asked for one every second, so a late keyframe makes a segment up to 3 s.
            assert all(1.5 <= s.duration <= 3.2 for s in segments[1:]), segments
            probed = probe(source / segments[-1].uri)
            kinds = {s["codec_type"]: s["codec_name"] for s in probed["streams"]}
            assert kinds == {"video": "h264", "audio": "aac"}
            video = next(s for s in probed["streams"] if s["codec_type"] == "video")
            assert int(video["nb_read_frames"]) > 25
            backstage.wait_for_selector("[data-packager-state=packagerReceiving]", timeout=10_000)
            assert speaker_errors == []
            assert backstage_errors == []
        finally:
            if browser is not None:
                browser.close()
            stop_process(packagers)
            stop_process(web)
            if janus is not None:
                stop_janus(janus)
