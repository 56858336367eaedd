"""The demo's Forum plays live through the real path: the demo's publisher feeds each demo talk
on air into its stage's packager over SRT; a real edition's talk is left to its speaker."""

import datetime

import pytest

from tests.fair.factories import EditionFactory
from tests.forum.factories import TalkFactory
from tests.forum.feeds import free_udp_port, wait_listening
from tests.forum.test_packager import playlist, wait_for
from tests.tools import require
from usine.demo import content
from usine.demo.forum_feed import DemoFeeds
from usine.fair.models import Edition
from usine.forum import hls, stream
from usine.forum.models import Talk, TalkStream
from usine.forum.on_air import StagePackagers

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum_media(settings, tmp_path):
    require("ffmpeg")
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FORUM_SRT_PORT = free_udp_port()
    return settings


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
