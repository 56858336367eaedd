"""A talk's stream from the organizer's "on air" to its replay, with a real ffmpeg over SRT."""

import pytest
from django.utils import timezone

from tests.schools.factories import PupilFactory
from tests.tools import require
from tests.users.factories import UserFactory
from usine.forum import captions, hls, stream
from usine.forum.audience import ORGANIZER, Attendee
from usine.forum.models import AudienceQuestion, Talk, TalkStream
from usine.forum.on_air import StagePackagers
from usine.media import services as media
from usine.media.models import Video

from .factories import TalkFactory
from .feeds import free_udp_port, publish, wait_listening
from .test_packager import playlist, wait_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum_media(settings, tmp_path):
    require("ffmpeg")
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FORUM_SRT_PORT = free_udp_port()
    return settings


def set_state(talk, state):
    Talk.objects.filter(pk=talk.pk).update(state=state)
    talk.refresh_from_db()


def test_a_talk_on_air_is_streamed_then_kept_as_a_replay(forum_media):
    talk = TalkFactory()
    set_state(talk, Talk.State.LIVE)
    stages = StagePackagers()
    try:
        stages.reconcile()
        feed = stream.encoder_settings(talk=talk)
        assert feed["port"] == forum_media.FORUM_SRT_PORT
        wait_listening(feed["port"])
        speaker = publish(feed["url"], seconds=6)
        talk_stream = TalkStream.objects.get(talk=talk)
        folder = stream.folder_path(talk_stream)
        wait_for(lambda: playlist(folder / "source" / hls.LIVE_NAME).count("#EXTINF") >= 2)

        shown = stream.player(talk=talk)
        assert shown["replay"] is None
        assert shown["live"]["auto"] == f"/media/{talk_stream.folder}/live.m3u8"
        assert shown["live"]["audio"] == f"/media/{talk_stream.folder}/audio/live.m3u8"
        stages.reconcile()
        talk_stream.refresh_from_db()
        assert abs((timezone.now() - talk_stream.on_air_at).total_seconds()) < 30
        speaker.wait(timeout=30)
        # The speaker stopped, the packager saw the end of the feed and listens again.
        wait_for(lambda: stages.running[talk.stage_id].packager.runs_started == 2)

        set_state(talk, Talk.State.ENDED)
        stages.reconcile()
    finally:
        stages.stop_all()
    assert stages.running == {}

    talk_stream.refresh_from_db()
    assert talk_stream.replay_closed_at is not None
    assert 5.0 < talk_stream.replay_seconds < 7.0
    replay = playlist(folder / hls.REPLAY_NAME)
    assert replay.count("/replay.m3u8") == 3
    assert "#EXT-X-ENDLIST" in playlist(folder / "source" / hls.REPLAY_NAME)
    # Not public without published captions, as every video of the fair; the caption editor
    # has it at once.
    assert stream.player(talk=talk) == {"live": None, "replay": None}
    closed = f"/media/{talk_stream.folder}/replay.m3u8"
    assert stream.player(talk=talk, editing=True)["replay"] == {
        "url": closed,
        "poster": "",
        "captions": "",
        "chapters": [],
    }
    # Published in the caption editor: the replay shows, its video gets the WebVTT, and the
    # question answered on air is a chapter.
    asked = AudienceQuestion.objects.create(
        talk=talk,
        text="Quels métiers ?",
        author="Loutre bleue",
        pupil=PupilFactory(),
        state=AudienceQuestion.State.APPROVED,
        answered_at_s=4.6,
    )
    organizer = Attendee(ORGANIZER, user_id=UserFactory(is_staff=True).pk)
    captions.save_cues(talk=talk, attendee=organizer, cues=[(0.5, 2.0, "Bonjour à tous")])
    written = captions.publish(talk=talk, attendee=organizer)
    chapter = {"seconds": 4, "text": asked.text, "author": "Loutre bleue"}
    assert stream.player(talk=talk)["replay"] == {
        "url": closed,
        "poster": "",
        "captions": written.file.url,
        "chapters": [chapter],
    }

    video = Video.objects.get(pk=talk_stream.replay_video_id)
    assert video.status == Video.Status.PENDING
    assert 5.0 < video.duration_s < 7.0
    assert (video.width, video.height) == (640, 360)
    assert "Bonjour à tous" in video.captions.read().decode()
    media.transcode(video=video)
    video.refresh_from_db()
    assert video.status == Video.Status.READY, video.error
    assert video.poster.endswith("/poster.jpg")
    # Then the replay is the pipeline's, stored with its captions like any video (local disk
    # or S3).
    assert stream.player(talk=talk)["replay"] == {
        "url": f"/media/{video.playlist}",
        "poster": f"/media/{video.poster}",
        "captions": video.captions.url,
        "chapters": [chapter],
    }


def test_a_talk_taken_off_air_keeps_no_replay(forum_media):
    talk = TalkFactory()
    set_state(talk, Talk.State.LIVE)
    stages = StagePackagers()
    try:
        stages.reconcile()
        assert set(stages.running) == {talk.stage_id}
        set_state(talk, Talk.State.SCHEDULED)
        stages.reconcile()
        assert stages.running == {}
    finally:
        stages.stop_all()
    talk_stream = TalkStream.objects.get(talk=talk)
    assert talk_stream.replay_closed_at is None
    assert talk_stream.replay_video is None


def test_each_stage_gets_its_own_port_and_each_talk_its_own_passphrase(forum_media):
    first, second = TalkFactory(), TalkFactory()
    other_stage = TalkFactory()
    assert stream.feed_for(stage=first.stage).srt_port == forum_media.FORUM_SRT_PORT
    assert stream.feed_for(stage=other_stage.stage).srt_port == forum_media.FORUM_SRT_PORT + 1
    assert stream.feed_for(stage=first.stage).srt_port == forum_media.FORUM_SRT_PORT
    one, two = stream.stream_for(talk=first), stream.stream_for(talk=second)
    assert one.passphrase != two.passphrase
    assert len(one.passphrase) == 32
    assert one.folder.startswith("forum/live/")
    assert one.folder != two.folder
