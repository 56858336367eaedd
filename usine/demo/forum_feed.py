"""The demo's Forum on air: for each talk of the demo edition put on air, ffmpeg test cards with
quiet tones, so that a newcomer's `make run` shows the live player playing through the real path.

A talk whose stream comes from an encoder gets one card published over SRT, as an AV team's
encoder would. A talk whose stream comes from the browser studio (the demo's round table) gets one
card per speaker, each a publisher of the stage's Janus room under an id of that speaker's place,
as their browser would publish: Janus lists them, the packagers' loop has them forwarded and the
packager composes them, names on the tiles. (Janus takes them as remote publishers, plain RTP:
a speaker logging into the studio in a browser replaces their card, the newest feed going on air.)

Only the demo edition's talks are fed: a real edition's talk on air waits for its speakers.
"""

import logging
import secrets
import shutil
import subprocess
from dataclasses import dataclass, field

from django.conf import settings

from usine.forum import composition, stream, studio
from usine.forum.models import Talk, TalkStream
from usine.live import conf as live_conf
from usine.live import janus
from usine.live.video import JanusError

from . import content

logger = logging.getLogger(__name__)

# A keyframe every 2 s (the packager's segment length) at 25 images per second.
KEYFRAME_INTERVAL = "50"
# One card and one tone per place at the table, told apart at a glance and by ear.
CARDS = ("testsrc2", "smptehdbars", "rgbtestsrc", "testsrc")
TONES = (440, 550, 660, 330)


def feed_command(url: str) -> list[str]:
    return [
        ffmpeg(), "-hide_banner", "-v", "error", "-nostdin", "-re",
        "-f", "lavfi", "-i", "testsrc2=s=640x360:r=25",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-af", "volume=0.05",
        "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
        "-g", KEYFRAME_INTERVAL, "-keyint_min", KEYFRAME_INTERVAL, "-b:v", "800k", "-threads", "1",
        "-c:a", "aac", "-b:a", "64k", "-f", "mpegts", url,
    ]  # fmt: skip


def speaker_command(*, place: int, host: str, port: int, rtcp_port: int) -> list[str]:
    """A speaker's browser as Janus receives it from a remote publisher: Opus then H.264 over RTP
    to one port, each with the SSRC of its stream, at the size of a round table's tile."""
    size = f"{composition.TILE_WIDTH}x{composition.TILE_HEIGHT}"
    url = f"rtp://{host}:{port}?rtcpport={rtcp_port}"
    return [
        ffmpeg(), "-hide_banner", "-v", "error", "-nostdin", "-re",
        "-f", "lavfi", "-i", f"{CARDS[place % len(CARDS)]}=s={size}:r=25",
        "-f", "lavfi", "-i", f"sine=frequency={TONES[place % len(TONES)]}:sample_rate=48000",
        "-map", "1:a", "-af", "volume=0.05", "-c:a", "libopus", "-b:a", "48k",
        "-payload_type", str(studio.AUDIO_PT), "-ssrc", str(janus.REMOTE_SSRC_BASE),
        "-f", "rtp", url,
        "-map", "0:v", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
        "-pix_fmt", "yuv420p", "-g", "25", "-b:v", "500k", "-threads", "1",
        "-payload_type", str(studio.VIDEO_PT),
        "-ssrc", str(janus.REMOTE_SSRC_BASE + janus.REMOTE_SSRC_STEP), "-f", "rtp", url,
    ]  # fmt: skip


def ffmpeg() -> str:
    return shutil.which("ffmpeg") or "ffmpeg"


def demo_talks_on_air() -> list[Talk]:
    talks = Talk.objects.filter(state=Talk.State.LIVE).select_related("edition", "stage")
    return [
        talk for talk in talks if talk.edition.slug == content.edition_slug(talk.edition.starts_on)
    ]


@dataclass
class Feed:
    """What feeds one talk: its publishers' processes and, from the studio, their Janus ids."""

    processes: list[subprocess.Popen] = field(default_factory=list)
    room: object = None
    publisher_ids: list[int] = field(default_factory=list)

    @property
    def alive(self) -> bool:
        return bool(self.processes) and all(p.poll() is None for p in self.processes)


class DemoFeeds:
    """The publishers of each demo talk on air, started again when one stops (the packager
    listens again after a publisher leaves), stopped when the talk leaves the air."""

    def __init__(self):
        self.running: dict[int, Feed] = {}
        self.warned: set[int] = set()  # Janus away: said once per talk, tried at every pass

    def reconcile(self) -> None:
        on_air = {talk.pk: talk for talk in demo_talks_on_air()}
        for pk, feed in list(self.running.items()):
            if pk not in on_air or not feed.alive:
                _stop(feed)
                del self.running[pk]
        for pk, talk in on_air.items():
            if pk in self.running:
                continue
            try:
                self.running[pk] = _start(talk)
            except JanusError as error:
                if pk not in self.warned:
                    logger.warning("No demo speakers for the talk %s yet: %s", pk, error)
                self.warned.add(pk)

    def stop_all(self) -> None:
        for feed in self.running.values():
            _stop(feed)
        self.running.clear()


def _start(talk: Talk) -> Feed:
    if stream.stream_for(talk=talk).source != TalkStream.Source.STUDIO:
        url = stream.encoder_settings(talk=talk)["url"]
        return Feed(processes=[_popen(feed_command(url))])
    room = studio.ensure_room(stage=talk.stage)
    server, host = live_conf.janus_server(), settings.FORUM_RTP_HOST
    feed = Feed(room=room)
    speakers = talk.speaker_links.order_by("position", "pk").select_related("speaker")
    try:
        for place, link in enumerate(speakers[: composition.MAX_TILES]):
            # An id of the speaker's place, its last part drawn as a browser draws it.
            publisher_id = (
                studio.feed_base(talk)
                + place * studio.SPEAKER_SPAN
                + secrets.randbelow(studio.SPEAKER_SPAN)
            )
            port, rtcp_port = janus.add_remote_publisher(
                server=server,
                room_id=room.room_id,
                secret=room.secret,
                publisher_id=publisher_id,
                display=link.speaker.name,
                host=host,
            )
            feed.publisher_ids.append(publisher_id)
            command = speaker_command(place=place, host=host, port=port, rtcp_port=rtcp_port)
            feed.processes.append(_popen(command))
    except JanusError:
        _stop(feed)
        raise
    return feed


def _popen(command: list[str]) -> subprocess.Popen:
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _stop(feed: Feed) -> None:
    for process in feed.processes:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    for publisher_id in feed.publisher_ids:
        try:
            janus.remove_remote_publisher(
                server=live_conf.janus_server(),
                room_id=feed.room.room_id,
                secret=feed.room.secret,
                publisher_id=publisher_id,
            )
        except JanusError as error:  # Janus restarted meanwhile: the publisher went with it
            logger.info("Demo speaker %s already gone: %s", publisher_id, error)
