"""The browser studio's server side against a real Janus: who may publish in a stage's room, and
which feed is forwarded to the stage's packager."""
# ruff: noqa: F811

import time

import pytest

from tests.live.janus_server import BrowserSession, janus_server  # noqa: F401
from tests.users.factories import UserFactory
from usine.forum import hls, studio
from usine.forum import stream as streams
from usine.forum.errors import ForumError
from usine.forum.models import TalkSpeaker, TalkStream
from usine.live import janus

from .factories import SpeakerFactory, TalkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def live_janus(janus_server, settings):
    for name, value in janus_server.settings().items():
        setattr(settings, name, value)
    return janus_server


def speaking(talk):
    speaker = SpeakerFactory(edition=talk.edition, name="Inès Durand", user=UserFactory())
    TalkSpeaker.objects.create(talk=talk, speaker=speaker)
    return speaker.user


def join(session: BrowserSession, *, config: dict, feed: int) -> dict:
    handle = session.attach()
    body = {
        "request": "join",
        "ptype": "publisher",
        "room": config["room"],
        "pin": config["pin"],
        "token": config["publisherToken"],
        "id": feed,
    }
    assert session.message(handle, body)["janus"] == "ack"
    while True:
        event = session.next_event()
        if event.get("sender") == handle and "plugindata" in event:
            return event["plugindata"]["data"]


def test_only_the_talks_speakers_get_a_publisher_token(live_janus):
    talk = TalkFactory()
    speaker = speaking(talk)

    mine = studio.browser_config(talk=talk, user=speaker)
    watching = studio.browser_config(talk=talk, user=UserFactory(is_staff=True))

    assert mine["role"] == "speaker"
    assert mine["canPublish"] is True
    assert mine["display"] == "Inès Durand"
    assert mine["feedBase"] == talk.pk * studio.FEED_SPAN
    assert mine["feedSpan"] == studio.SPEAKER_SPAN
    assert "camera" not in mine  # alone on air: the feed is copied as the browser sends it
    assert watching["role"] == "organizer"
    assert watching["canPublish"] is False
    assert "publisherToken" not in watching
    assert "secret" not in mine
    assert watching["room"] == mine["room"]
    # The next talk on the same stage shares its room; another stage has its own.
    same_stage = TalkFactory(edition=talk.edition, stage=talk.stage)
    assert studio.browser_config(talk=same_stage, user=speaker)["room"] == mine["room"]
    assert studio.browser_config(talk=TalkFactory(), user=speaker)["room"] != mine["room"]


def test_each_speaker_of_a_round_table_publishes_under_ids_of_their_own(live_janus):
    talk = TalkFactory()
    first, second = speaking(talk), speaking(talk)
    TalkSpeaker.objects.filter(talk=talk, speaker__user=first).update(position=2)

    ids = studio.browser_config(talk=talk, user=second)["feedBase"]
    later = studio.browser_config(talk=talk, user=first)["feedBase"]

    assert ids == studio.feed_base(talk)
    assert later == studio.feed_base(talk) + studio.SPEAKER_SPAN
    # Each camera sends its tile's size in the composed picture.
    assert studio.browser_config(talk=talk, user=first)["camera"] == {"width": 480, "height": 270}
    assert studio.place_of_feed(later + 1234) == 1
    assert studio.talk_of_feed(later + 1234) == talk.pk


def test_nothing_is_forwarded_before_a_speaker_of_the_talk_sends_media(live_janus):
    """Forwarding a sending feed is proven end to end (tests/browser/test_forum_studio.py)."""
    talk = TalkFactory()
    config = studio.browser_config(talk=talk, user=speaking(talk))
    feed = streams.feed_for(stage=talk.stage)
    room = studio.ensure_room(stage=talk.stage)
    session = BrowserSession(live_janus.url, config["token"])
    seen = {}
    assert studio.on_air_feeds(talk=talk, seen=seen) == ()  # nobody in the room

    other_talk = TalkFactory(edition=talk.edition, stage=talk.stage)
    joined = join(session, config=config, feed=studio.feed_base(other_talk) + 3)
    assert joined["videoroom"] == "joined"
    ours = join(session, config=config, feed=studio.feed_base(talk) + 5)
    assert ours["videoroom"] == "joined"
    assert ours["id"] == studio.feed_base(talk) + 5
    # Joined, camera not yet sent: Janus has nothing to forward.
    assert studio.on_air_feeds(talk=talk, seen=seen) == ()
    assert seen == {}
    studio.forward(talk=talk, feed=feed, feeds=())
    server = live_janus.server()
    assert janus.list_forwarders(server=server, room_id=room.room_id, secret=room.secret) == {}


def test_a_room_refuses_a_forward_without_its_secret(live_janus):
    talk = TalkFactory()
    room = studio.ensure_room(stage=talk.stage)
    with pytest.raises(janus.JanusError) as refused:
        janus.rtp_forward(
            server=live_janus.server(),
            room_id=room.room_id,
            secret="wrong",
            publisher_id=1,
            host="127.0.0.1",
            audio_port=47100,
            video_port=47102,
            audio_pt=studio.AUDIO_PT,
            video_pt=studio.VIDEO_PT,
        )
    assert refused.value.code == janus.UNAUTHORIZED


def test_the_packager_reads_the_forwarded_feed_through_an_sdp_file(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.FORUM_SRT_PORT, settings.FORUM_RTP_PORT = 9710, 9800
    talk = TalkFactory()
    feed = streams.feed_for(stage=talk.stage)
    second = streams.feed_for(stage=TalkFactory().stage)

    assert studio.rtp_ports(feed) == (9800, 9802)
    assert studio.rtp_ports(feed, 1) == (9804, 9806)  # a round table's second speaker
    assert studio.rtp_ports(feed, 3) == (9812, 9814)
    assert studio.rtp_ports(second) == (9816, 9818)
    assert studio.sdp_path(feed, 2) == tmp_path / "forum" / f"stage-{talk.stage_id}-2.sdp"
    assert "m=video 9810 RTP/AVP 96" in studio.sdp_path(feed, 2).read_text()
    path = studio.sdp_path(feed)
    assert path == tmp_path / "forum" / f"stage-{talk.stage_id}.sdp"
    assert path.read_text() == (
        "v=0\no=- 0 0 IN IP4 127.0.0.1\ns=Usine stage\nc=IN IP4 127.0.0.1\nt=0 0\n"
        "m=audio 9800 RTP/AVP 111\na=rtpmap:111 opus/48000/2\n"
        "m=video 9802 RTP/AVP 96\na=rtpmap:96 H264/90000\na=fmtp:96 packetization-mode=1\n"
    )


def test_the_source_of_a_talks_feed_is_the_studio_or_an_encoder():
    talk = TalkFactory()
    assert studio.set_source(talk=talk, source="studio").source == "studio"
    assert TalkStream.objects.get(talk=talk).source == TalkStream.Source.STUDIO
    with pytest.raises(ForumError) as refused:
        studio.set_source(talk=talk, source="rtmp")
    assert refused.value.message == "Cette arrivée du direct n'existe pas."
    assert TalkStream.objects.get(talk=talk).source == TalkStream.Source.STUDIO


def test_the_packager_state_comes_from_its_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    talk = TalkFactory(state="live")
    assert studio.packager_state(talk=talk, now=time.time()) == studio.PackagerState(
        receiving=False, segments=0, last_segment_age_s=None
    )
    folder = tmp_path / streams.stream_for(talk=talk).folder / hls.SOURCE.name
    folder.mkdir(parents=True)
    (folder / "r001-00000.ts").write_bytes(b"ts")
    (folder / "run001.m3u8").write_text("#EXTM3U\n#EXTINF:2.000,\nr001-00000.ts\n")
    written = (folder / "r001-00000.ts").stat().st_mtime

    state = studio.packager_state(talk=talk, now=written + 1)
    assert state == studio.PackagerState(receiving=True, segments=1, last_segment_age_s=1.0)
    later = studio.packager_state(talk=talk, now=written + 30)
    assert later.receiving is False


def publisher(talk_id, place, number, name="", *, sending=True):
    feed_id = talk_id * studio.FEED_SPAN + place * studio.SPEAKER_SPAN + number
    return {"id": feed_id, "display": name, "publisher": sending}


def test_each_speakers_newest_feed_goes_on_air_in_the_order_of_their_places():
    seen = {}
    room = [
        publisher(7, 1, 40, "Karim"),
        publisher(7, 0, 12, "Inès"),
        publisher(8, 0, 5, "le suivant"),  # the next talk's speaker warming up
        publisher(7, 2, 3, "Zoé", sending=False),  # joined, camera not sent yet
    ]
    chosen = studio.choose_feeds(participants=room, talk_id=7, seen=seen)
    assert [(f.feed_id % studio.FEED_SPAN, f.name) for f in chosen] == [
        (12, "Inès"),
        (10_040, "Karim"),
    ]

    # Inès's network drops; her page comes back under a new feed while Janus still lists the
    # old one (a ghost, lower number or not): the new one replaces it.
    room.append(publisher(7, 0, 2, "Inès"))
    chosen = studio.choose_feeds(participants=room, talk_id=7, seen=seen)
    assert [f.feed_id % studio.FEED_SPAN for f in chosen] == [2, 10_040]
    # The ghost leaves at last: nothing changes on air.
    room = [p for p in room if p["id"] % studio.FEED_SPAN != 12]
    assert studio.choose_feeds(participants=room, talk_id=7, seen=seen) == chosen
    assert 7 * studio.FEED_SPAN + 12 not in seen


def test_a_round_table_puts_four_speakers_on_air_at_most():
    room = [publisher(3, place, 1, f"n{place}") for place in (4, 0, 2, 1, 3)]
    chosen = studio.choose_feeds(participants=room, talk_id=3, seen={})
    assert [f.name for f in chosen] == ["n0", "n1", "n2", "n3"]
