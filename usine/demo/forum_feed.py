"""The demo's Forum on air: for each talk of the demo edition put on air, an ffmpeg test card
with a quiet tone published over SRT, as a speaker's encoder would, so that a newcomer's
`make run` shows the live player playing through the real path (packager, HLS, hls.js).

Only the demo edition's talks are fed: a real edition's talk on air waits for its speaker.
"""

import shutil
import subprocess

from usine.forum import stream
from usine.forum.models import Talk

from . import content

# A keyframe every 2 s (the packager's segment length) at 25 images per second.
KEYFRAME_INTERVAL = "50"


def feed_command(url: str) -> list[str]:
    return [
        shutil.which("ffmpeg") or "ffmpeg", "-hide_banner", "-v", "error", "-nostdin", "-re",
        "-f", "lavfi", "-i", "testsrc2=s=640x360:r=25",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-af", "volume=0.05",
        "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
        "-g", KEYFRAME_INTERVAL, "-keyint_min", KEYFRAME_INTERVAL, "-b:v", "800k", "-threads", "1",
        "-c:a", "aac", "-b:a", "64k", "-f", "mpegts", url,
    ]  # fmt: skip


def demo_talks_on_air() -> list[Talk]:
    talks = Talk.objects.filter(state=Talk.State.LIVE).select_related("edition", "stage")
    return [
        talk for talk in talks if talk.edition.slug == content.edition_slug(talk.edition.starts_on)
    ]


class DemoFeeds:
    """One publisher per demo talk on air, started again when it stops (the packager listens
    again after a publisher leaves), stopped when the talk leaves the air."""

    def __init__(self):
        self.running: dict[int, subprocess.Popen] = {}

    def reconcile(self) -> None:
        on_air = {talk.pk: talk for talk in demo_talks_on_air()}
        for pk, process in list(self.running.items()):
            if pk not in on_air or process.poll() is not None:
                _stop(process)
                del self.running[pk]
        for pk, talk in on_air.items():
            if pk not in self.running:
                url = stream.encoder_settings(talk=talk)["url"]
                self.running[pk] = subprocess.Popen(
                    feed_command(url), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                )

    def stop_all(self) -> None:
        for process in self.running.values():
            _stop(process)
        self.running.clear()


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
