"""The demo's Forum plays live through the real path: the demo's publisher feeds each demo talk
on air into its stage's packager over SRT, or its round table's speakers into the stage's Janus
room; a real edition's talk is left to its speaker."""
# ruff: noqa: F811

import datetime
import json
import subprocess

import pytest

from tests.fair.factories import EditionFactory
from tests.forum.factories import SpeakerFactory, TalkFactory
from tests.forum.feeds import free_udp_port, wait_listening
from tests.forum.test_packager import later_run, playlist, tones, wait_for
from tests.live.janus_server import janus_server  # noqa: F401
from tests.tools import require
from usine.demo import content
from usine.demo.forum_feed import DemoFeeds
from usine.fair.models import Edition
from usine.forum import hls, stream, studio
from usine.forum.models import Talk, TalkSpeaker, TalkStream
from usine.forum.on_air import StagePackagers

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum_media(settings, tmp_path):
    require("ffmpeg")
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FORUM_SRT_PORT = free_udp_port()
    return settings


def demo_edition():
    starts_on = datetime.date(2026, 11, 30)
    return EditionFactory(
        slug=content.edition_slug(starts_on),
        starts_on=starts_on,
        ends_on=datetime.date(2026, 12, 4),
    )


def live_talk(edition):
    talk = TalkFactory(edition=edition)
    Talk.objects.filter(pk=talk.pk).update(state=Talk.State.LIVE)
    talk.refresh_from_db()
    return talk


def test_a_demo_talk_on_air_plays_and_its_feed_stops_when_it_ends(forum_media):
    starts_on = datetime.date(2026, 11, 30)
    demo = EditionFactory(
        slug=content.edition_slug(starts_on),
        starts_on=starts_on,
        ends_on=datetime.date(2026, 12, 4),
    )
    talk = live_talk(demo)
    stages, feeds = StagePackagers(), DemoFeeds()
    try:
        stages.reconcile()
        wait_listening(stream.encoder_settings(talk=talk)["port"])
        feeds.reconcile()
        assert list(feeds.running) == [talk.pk]
        folder = stream.folder_path(TalkStream.objects.get(talk=talk))
        wait_for(lambda: playlist(folder / "360p" / hls.LIVE_NAME).count("#EXTINF") >= 2)

        Talk.objects.filter(pk=talk.pk).update(state=Talk.State.ENDED)
        feeds.reconcile()
        assert feeds.running == {}
    finally:
        feeds.stop_all()
        stages.stop_all()


def test_a_real_edition_s_talk_on_air_waits_for_its_speaker(forum_media):
    real = EditionFactory(slug="salon-2031", state=Edition.State.OPEN)
    live_talk(real)
    feeds = DemoFeeds()
    feeds.reconcile()
    assert feeds.running == {}


def test_the_demo_round_table_is_composed_from_its_speakers_in_the_stage_room(
    forum_media, janus_server, tmp_path
):
    for name, value in janus_server.settings().items():
        setattr(forum_media, name, value)
    forum_media.DATA_DIR = tmp_path / "data"
    forum_media.FORUM_RTP_PORT = free_udp_port()
    talk = live_talk(demo_edition())
    for position, name in enumerate(("Nadia Benkhaled", "Sophie Arnaud", "Malik Benali")):
        speaker = SpeakerFactory(edition=talk.edition, name=name)
        TalkSpeaker.objects.create(talk=talk, speaker=speaker, position=position)
    studio.set_source(talk=talk, source=TalkStream.Source.STUDIO)
    stages, feeds = StagePackagers(), DemoFeeds()
    source = stream.folder_path(stream.stream_for(talk=talk)) / hls.SOURCE.name

    def composed():
        stages.reconcile()
        feeds.reconcile()
        return later_run(source, after=0, segments=2) if stages.running else None

    try:
        run = wait_for(composed, timeout_s=150)  # a stalled run restarted included
        on_air = stages.running[talk.stage_id].feeds
        listed = {studio.place_of_feed(feed.feed_id): feed.name for feed in on_air}
    finally:
        feeds.stop_all()
        stages.stop_all()

    # Each speaker a publisher of the room under an id of their place, named.
    assert listed == {0: "Nadia Benkhaled", 1: "Sophie Arnaud", 2: "Malik Benali"}
    segment = source / f"r{run:03d}-00001.ts"
    probe = subprocess.run(
        [require("ffprobe"), "-v", "error", "-print_format", "json", "-show_streams", str(segment)],
        capture_output=True, check=True, timeout=30,
    )  # fmt: skip
    video = next(s for s in json.loads(probe.stdout)["streams"] if s["codec_type"] == "video")
    assert (video["width"], video["height"]) == (960, 540)
    assert tones(segment) == {440, 550, 660}
