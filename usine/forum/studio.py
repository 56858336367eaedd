"""The browser studio: a stage's Janus VideoRoom room, the speakers publishing into it, and the
RTP forward that brings the talk on air to the stage's packager.

Each stage has one room (computed like a class session's, usine/live/video.py): H.264 only, so the
packager copies the video as it comes, and a keyframe asked of publishers every second, so that
2 s segments can be cut and a packager (re)starting gets a picture at once. Who may publish is
decided where the live exchange decides it (`video.browser_config`, role SPEAKER): only the
talk's invited speakers; organizers watch from the backstage.

A speaker publishes under an id of their talk (`feed_base(talk)` plus a random part the browser
picks, so that a reconnecting tab never collides with its own ghost): with the next talk's
speaker warming up in the same room, the server knows whose feed goes on air. While a talk whose
stream comes from the studio is on air, `forward` (called every second by the packagers' loop)
asks Janus to send that feed as plain RTP to the stage's packager, which reads it through an SDP
file. Janus drops a forwarder when its publisher leaves; the speaker coming back is a new feed,
forwarded at the next pass, and the packager's new run marks the discontinuity.
"""

import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from usine.live import conf as live_conf
from usine.live import janus, video
from usine.live.video import JanusError

from . import hls
from . import stream as streams
from .errors import ForumError
from .models import Stage, StageFeed, Talk, TalkStream

logger = logging.getLogger(__name__)

FEED_SPAN = 1_000_000  # publisher ids of a talk: feed_base(talk) … + FEED_SPAN - 1
AUDIO_PT, VIDEO_PT = 111, 96  # what Janus writes in the forwarded packets, and the SDP says
STAGE_ROOM_OPTIONS = {
    "videocodec": "h264",
    "fir_freq": 1,
    # The speakers of the talk on air and of the next one, each with a reconnecting spare.
    "publishers": 8,
    "bitrate": 2_500_000,
}
# ffmpeg reading the SDP: only local files and UDP; a feed silent this long ends the run (s).
SDP_INPUT_OPTIONS = ("-protocol_whitelist", "file,udp,rtp", "-listen_timeout", "3")


def room_key(stage: Stage) -> str:
    return f"forum-stage-{stage.pk}"


def ensure_room(*, stage: Stage) -> video.JanusRoom:
    """The stage's room, created in Janus when missing (JanusError when Janus refuses or is
    away)."""
    return video.ensure_room(room_key=room_key(stage), **STAGE_ROOM_OPTIONS)


def feed_base(talk: Talk) -> int:
    return talk.pk * FEED_SPAN


def talk_of_feed(feed_id: int) -> int:
    return feed_id // FEED_SPAN


def is_speaker(*, user, talk: Talk) -> bool:
    """One of the talk's speakers (the account opened from their invitation)."""
    return user.is_authenticated and talk.speaker_links.filter(speaker__user=user).exists()


def browser_config(*, talk: Talk, user) -> dict:
    """What the studio page's script gets: a publisher's config for the talk's speakers, a
    viewer's for anyone else allowed in (organizers). JanusError when Janus is away."""
    room = ensure_room(stage=talk.stage)
    if is_speaker(user=user, talk=talk):
        speaker = talk.speaker_links.filter(speaker__user=user).select_related("speaker").first()
        config = video.browser_config(
            role=video.Role.SPEAKER, room=room, display=speaker.speaker.name
        )
        return {**config, "feedBase": feed_base(talk), "feedSpan": FEED_SPAN}
    return video.browser_config(role=video.Role.ORGANIZER, room=room)


def set_source(*, talk: Talk, source: str) -> TalkStream:
    """Where the talk's feed comes from; the packagers' loop restarts a stage's packager on air
    with the new source at its next pass."""
    if source not in TalkStream.Source.values:
        raise ForumError(_("Cette arrivée du direct n'existe pas."), field="source")
    stream = streams.stream_for(talk=talk)
    TalkStream.objects.filter(pk=stream.pk).update(source=source)
    stream.source = source
    return stream


# --- the packager's side --------------------------------------------------------------------


def rtp_ports(feed: StageFeed) -> tuple[int, int]:
    """The stage packager's audio and video RTP ports (each with its RTCP port just above)."""
    base = settings.FORUM_RTP_PORT + 4 * (feed.srt_port - settings.FORUM_SRT_PORT)
    return base, base + 2


def sdp(*, host: str, audio_port: int, video_port: int) -> str:
    """The session description of what Janus forwards: Opus and H.264 (packetization mode 1)."""
    return "\n".join(
        [
            "v=0",
            f"o=- 0 0 IN IP4 {host}",
            "s=Usine stage",
            f"c=IN IP4 {host}",
            "t=0 0",
            f"m=audio {audio_port} RTP/AVP {AUDIO_PT}",
            f"a=rtpmap:{AUDIO_PT} opus/48000/2",
            f"m=video {video_port} RTP/AVP {VIDEO_PT}",
            f"a=rtpmap:{VIDEO_PT} H264/90000",
            f"a=fmtp:{VIDEO_PT} packetization-mode=1",
            "",
        ]
    )


def sdp_path(feed: StageFeed) -> Path:
    """Written next to the packagers' logs (not under media: nothing there is for viewers)."""
    audio_port, video_port = rtp_ports(feed)
    path = Path(settings.DATA_DIR) / "forum" / f"stage-{feed.stage_id}.sdp"
    text = sdp(host=settings.FORUM_RTP_HOST, audio_port=audio_port, video_port=video_port)
    hls.write_atomically(path, text)
    return path


def forward(*, talk: Talk, feed: StageFeed) -> int | None:
    """Keep the talk's speaker's feed forwarded to the stage's packager; the feed's id, or None
    while no speaker of the talk publishes. Forwarders of other feeds to the same ports (the
    previous talk's speaker still in the room) are stopped."""
    server = live_conf.janus_server()
    room = ensure_room(stage=talk.stage)
    audio_port, video_port = rtp_ports(feed)
    ours = {audio_port, video_port}
    publishers = [
        p["id"]
        for p in janus.list_participants(server=server, room_id=room.room_id)
        if p.get("publisher") and talk_of_feed(p["id"]) == talk.pk
    ]
    forwarded = janus.list_forwarders(server=server, room_id=room.room_id, secret=room.secret)
    current = None
    for publisher_id, forwarders in forwarded.items():
        for forwarder in forwarders:
            if forwarder.get("port") not in ours:
                continue
            if publisher_id in publishers and current in (None, publisher_id):
                current = publisher_id
                continue
            janus.stop_rtp_forward(
                server=server,
                room_id=room.room_id,
                secret=room.secret,
                publisher_id=publisher_id,
                stream_id=forwarder["stream_id"],
            )
    if current is not None or not publishers:
        return current
    chosen = min(publishers)  # several tabs of the talk's speakers: one, always the same
    janus.rtp_forward(
        server=server,
        room_id=room.room_id,
        secret=room.secret,
        publisher_id=chosen,
        host=settings.FORUM_RTP_HOST,
        audio_port=audio_port,
        video_port=video_port,
        audio_pt=AUDIO_PT,
        video_pt=VIDEO_PT,
    )
    logger.info("Feed %s of the talk %s forwarded to the packager", chosen, talk.pk)
    return chosen


def try_forward(*, talk: Talk, feed: StageFeed) -> int | None:
    """`forward`, logged instead of raised: Janus away must not stop the other stages."""
    try:
        return forward(talk=talk, feed=feed)
    except JanusError as error:
        logger.warning("No studio feed for the talk %s: %s", talk.pk, error)
        return None


# --- what the backstage and the studio show ---------------------------------------------------


@dataclass(frozen=True)
class PackagerState:
    receiving: bool
    segments: int
    last_segment_age_s: float | None


RECEIVING_WITHIN_S = 3 * hls.SEGMENT_SECONDS


def packager_state(*, talk: Talk, now: float) -> PackagerState:
    """What the packager made of the talk's stream, read from its files (it runs elsewhere): how
    many segments, how long ago the last one was written."""
    stream = TalkStream.objects.filter(talk=talk).first()
    if stream is None:
        return PackagerState(receiving=False, segments=0, last_segment_age_s=None)
    folder = Path(settings.MEDIA_ROOT) / stream.folder / hls.SOURCE.name
    segments = hls.read_segments(folder)
    if not segments:
        return PackagerState(receiving=False, segments=0, last_segment_age_s=None)
    try:
        age = max(0.0, now - (folder / segments[-1].uri).stat().st_mtime)
    except OSError:
        age = None
    receiving = talk.is_live and age is not None and age <= RECEIVING_WITHIN_S
    return PackagerState(receiving=receiving, segments=len(segments), last_segment_age_s=age)
