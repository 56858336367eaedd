"""The browser studio: a stage's Janus VideoRoom room, the speakers publishing into it, and the
RTP forward that brings the talk on air to the stage's packager.

Each stage has one room (computed like a class session's, usine/live/video.py): H.264 only, so the
packager copies the video as it comes, and a keyframe asked of publishers every second, so that
2 s segments can be cut and a packager (re)starting gets a picture at once. Who may publish is
decided where the live exchange decides it (`video.browser_config`, role SPEAKER): only the
talk's invited speakers; organizers watch from the backstage.

A speaker publishes under an id of their own in the talk (`feed_base` of the talk and of the
speaker's place in it, plus a random part the browser picks, so that a reconnecting tab never
collides with its own ghost): with the next talk's speaker warming up in the same room, the server
knows whose feeds go on air, and whose each one is. While a talk whose stream comes from the studio
is on air, the packagers' loop asks every second which feeds are on air (`on_air_feeds`: each
speaker's newest, up to `composition.MAX_TILES`, a round table composed by the packager) and keeps
Janus sending each as plain RTP to its slot of the stage's ports (`forward`), where the packager
reads it through an SDP file. A speaker who reloads the page or loses the network comes back as a
new feed: it replaces their previous one (gone, or a ghost Janus has not noticed yet) and the
packager starts a new run on it, marked by a discontinuity, without anyone doing anything.
"""

import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from usine.live import conf as live_conf
from usine.live import janus, video
from usine.live.video import JanusError

from . import composition, hls
from . import stream as streams
from .errors import ForumError
from .models import Stage, StageFeed, Talk, TalkStream

logger = logging.getLogger(__name__)

FEED_SPAN = 1_000_000  # publisher ids of a talk: feed_base(talk) … + FEED_SPAN - 1
SPEAKER_SPAN = 10_000  # … of which each speaker's place in the talk has its own range
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


def place_of_feed(feed_id: int) -> int:
    """The speaker's place in the talk (0 for the first) whose feed this is."""
    return feed_id % FEED_SPAN // SPEAKER_SPAN


def _place(*, talk: Talk, user) -> int | None:
    links = talk.speaker_links.order_by("position", "pk").values_list("speaker__user", flat=True)
    return next((index for index, owner in enumerate(links) if owner == user.pk), None)


def is_speaker(*, user, talk: Talk) -> bool:
    """One of the talk's speakers (the account opened from their invitation)."""
    return user.is_authenticated and talk.speaker_links.filter(speaker__user=user).exists()


def browser_config(*, talk: Talk, user) -> dict:
    """What the studio page's script gets: a publisher's config for the talk's speakers, a
    viewer's for anyone else allowed in (organizers). JanusError when Janus is away."""
    room = ensure_room(stage=talk.stage)
    place = _place(talk=talk, user=user) if user.is_authenticated else None
    if place is not None and place < FEED_SPAN // SPEAKER_SPAN:
        speaker = talk.speaker_links.filter(speaker__user=user).select_related("speaker").first()
        config = video.browser_config(
            role=video.Role.SPEAKER, room=room, display=speaker.speaker.name
        )
        base = feed_base(talk) + place * SPEAKER_SPAN
        config = {**config, "feedBase": base, "feedSpan": SPEAKER_SPAN}
        if talk.speaker_links.count() > 1:
            # A round table's feeds are decoded and shrunk into tiles: a camera sending the
            # tile's size spares the packager decoding pixels it throws away.
            config["camera"] = {"width": composition.TILE_WIDTH, "height": composition.TILE_HEIGHT}
        return config
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


PORTS_PER_SLOT = 4  # audio, its RTCP, video, its RTCP


def rtp_ports(feed: StageFeed, slot: int = 0) -> tuple[int, int]:
    """The audio and video RTP ports (each with its RTCP port just above) of one slot of the
    stage's packager: a round table's speakers each have their own."""
    stride = PORTS_PER_SLOT * composition.MAX_TILES
    base = settings.FORUM_RTP_PORT + stride * (feed.srt_port - settings.FORUM_SRT_PORT)
    return base + PORTS_PER_SLOT * slot, base + PORTS_PER_SLOT * slot + 2


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


def sdp_path(feed: StageFeed, slot: int = 0) -> Path:
    """Written next to the packagers' logs (not under media: nothing there is for viewers)."""
    audio_port, video_port = rtp_ports(feed, slot)
    name = f"stage-{feed.stage_id}.sdp" if slot == 0 else f"stage-{feed.stage_id}-{slot}.sdp"
    path = Path(settings.DATA_DIR) / "forum" / name
    text = sdp(host=settings.FORUM_RTP_HOST, audio_port=audio_port, video_port=video_port)
    hls.write_atomically(path, text)
    return path


@dataclass(frozen=True)
class OnAirFeed:
    feed_id: int
    name: str


def on_air_feeds(*, talk: Talk, seen: dict[int, int]) -> tuple[OnAirFeed, ...]:
    """The feeds of the talk that go on air, as Janus lists the stage room's publishers
    (choose_feeds). `seen` is the caller's memory of the order feeds first appeared in."""
    room = ensure_room(stage=talk.stage)
    participants = janus.list_participants(server=live_conf.janus_server(), room_id=room.room_id)
    return choose_feeds(participants=participants, talk_id=talk.pk, seen=seen)


def choose_feeds(*, participants: list[dict], talk_id: int, seen: dict[int, int]):
    """In the order of the speakers' places, each publishing speaker's newest feed: a tab
    reloaded, or back after a network cut, supersedes its ghost, which Janus may keep for a
    minute. At most `composition.MAX_TILES`. `seen` (feed id → order of first appearance) is
    updated here."""
    ours = {
        p["id"]: p.get("display", "")
        for p in participants
        if p.get("publisher") and talk_of_feed(p["id"]) == talk_id
    }
    for feed_id in sorted(ours):
        seen.setdefault(feed_id, max(seen.values(), default=0) + 1)
    for feed_id in set(seen) - set(ours):
        del seen[feed_id]
    newest: dict[int, int] = {}
    for feed_id in ours:
        place = place_of_feed(feed_id)
        if place not in newest or seen[feed_id] > seen[newest[place]]:
            newest[place] = feed_id
    chosen = [newest[place] for place in sorted(newest)][: composition.MAX_TILES]
    return tuple(OnAirFeed(feed_id, ours[feed_id]) for feed_id in chosen)


def forward(*, talk: Talk, feed: StageFeed, feeds: tuple[OnAirFeed, ...]) -> None:
    """Have Janus send `feeds` (on_air_feeds), the first to the stage's slot 0, the next to
    slot 1…; any other forwarder to the stage's ports (a feed gone off air, the previous talk's
    speaker still in the room) is stopped. Janus drops a forwarder itself when its publisher
    leaves: the next pass adds the feed that replaces it."""
    server = live_conf.janus_server()
    room = ensure_room(stage=talk.stage)
    wanted = {}
    for slot, on_air in enumerate(feeds):
        for port in rtp_ports(feed, slot):
            wanted[port] = on_air.feed_id
    ours = {port for slot in range(composition.MAX_TILES) for port in rtp_ports(feed, slot)}
    kept = set()
    forwarded = janus.list_forwarders(server=server, room_id=room.room_id, secret=room.secret)
    for publisher_id, forwarders in forwarded.items():
        for forwarder in forwarders:
            port = forwarder.get("port")
            if port not in ours:
                continue
            if wanted.get(port) == publisher_id and port not in kept:
                kept.add(port)
                continue
            try:
                janus.stop_rtp_forward(
                    server=server,
                    room_id=room.room_id,
                    secret=room.secret,
                    publisher_id=publisher_id,
                    stream_id=forwarder["stream_id"],
                )
            except JanusError as error:
                if error.code != janus.NO_SUCH_FEED:
                    raise  # else the publisher left meanwhile, its forwarders with it
    for slot, on_air in enumerate(feeds):
        audio_port, video_port = rtp_ports(feed, slot)
        if {audio_port, video_port} <= kept:
            continue
        janus.rtp_forward(
            server=server,
            room_id=room.room_id,
            secret=room.secret,
            publisher_id=on_air.feed_id,
            host=settings.FORUM_RTP_HOST,
            audio_port=audio_port,
            video_port=video_port,
            audio_pt=AUDIO_PT,
            video_pt=VIDEO_PT,
        )
        logger.info("Feed %s of the talk %s forwarded to slot %s", on_air.feed_id, talk.pk, slot)


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
