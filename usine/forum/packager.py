"""One stage's packager: a supervised ffmpeg turning the speaker's feed into HLS.

ffmpeg listens for the feed (SRT from OBS or a hardware encoder, see ingest.py) and writes three
renditions in 2 s segments: the source video copied as it comes (no re-encoding, so no quality
lost and little CPU), a 360p encoding for slow school networks and audio alone. When the
publisher drops, ffmpeg ends; the supervisor starts the next run at once, listening again, and the
publisher that comes back is picked up without anyone doing anything: the playlists mark the
restart with a discontinuity (hls.py). `switch` gives the next run other feeds (the browser studio:
a speaker who came back under a new feed, or another speaker joining a round table): the run under
way ends first, so that no run ever reads two publishers' packets. `stop(ended=True)` closes the
replay playlist as VOD.

The class owns threads and processes only; what a talk is and when it ends is decided by
the forum's services, which drive it (management command `forum_packager`).
"""

import json
import logging
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from usine.media.ffmpeg import ffmpeg_binary, ffprobe_binary

from . import composition, hls

logger = logging.getLogger(__name__)

STOP_TIMEOUT_S = 5.0
# A run whose sound has this many segments (16 s) and its picture none is stuck: seen here with
# RTP feeds on a loaded machine, ffmpeg 5.1 writing the sound and never the picture. A new run,
# probing the feed as it now flows, gets it. (A picture segment waits for a keyframe: an encoder
# sending one less often than every 16 s is out of what HLS ingest asks anyway.)
STALLED_AFTER_SEGMENTS = 8
# A copying run whose sound has this many segments (8 s) and its source none: the publisher sends
# keyframes too seldom for 2 s segments (an encoder left on its default interval, a browser on a
# loaded machine missing the room's keyframe requests). The next run encodes the source instead,
# with a keyframe every segment, until the feeds change.
COPY_STALLED_AFTER_SEGMENTS = 4
PROBE_TIMEOUT_S = 10.0
LOW_VIDEO_KBPS = 700
SOURCE_VIDEO_KBPS = 2500  # a source encoded when copying it stalled
SOURCE_HEIGHT = 720  # … at most that high
COMPOSED_VIDEO_KBPS = 1800  # a round table's composition (960x540, 20 images/s)
# Both renditions of a composition (composition.py: what each choice cost). ultrafast spends
# bits instead of CPU: a still round table needs few.
COMPOSITION_PRESET = "ultrafast"
ENCODED_SOURCE_PRESET = "ultrafast"
AUDIO_KBPS = 96
# avc1 codec strings for the H.264 profiles encoders send (RFC 6381: profile, constraints).
H264_PROFILES = {"Constrained Baseline": "42e0", "Baseline": "4200", "Main": "4d40", "High": "6400"}


def packager_command(
    *,
    feeds: tuple["Feed", ...],
    out_dir: Path,
    run: int,
    input_options=(),
    name_dir=None,
    encode_source: bool = False,
) -> list[str]:
    """ffmpeg reading `feeds` and writing run number `run` of every rendition under `out_dir`:
    one feed is copied (encoded with `encode_source`), several are composed (composition.py;
    their names written in `name_dir`, a folder viewers cannot reach)."""
    if len(feeds) == 1 and encode_source:
        return _encoding(feeds[0].url, out_dir, run, input_options)
    if len(feeds) == 1:
        return _copying(feeds[0].url, out_dir, run, input_options)
    name_files = []
    for index, feed in enumerate(feeds):
        path = Path(name_dir) / f"run{run:03d}-{index}.txt"
        path.write_text(feed.name, encoding="utf-8")
        name_files.append(path)
    inputs = []
    for feed in feeds:
        # Inputs open one after the other: a short probe keeps the speakers in step (each
        # input's time starts at its first packet).
        inputs += ["-analyzeduration", "1000000", *input_options, "-i", feed.url]
    return [
        ffmpeg_binary(), "-hide_banner", "-v", "warning", "-y", *inputs,
        "-filter_complex", composition.filter_graph(name_files=name_files),
        "-map", "[big]", "-map", "[a0]", "-map", "[low]", "-map", "[a1]", "-map", "[a2]",
        "-c:v", "libx264", "-preset", COMPOSITION_PRESET, "-tune", "zerolatency",
        "-profile:v", "main",
        *_source_rate(COMPOSED_VIDEO_KBPS), *_low_rate(), *_keyframes("v"),
        *_outputs(out_dir, run),
    ]  # fmt: skip


def _encoding(source: str, out_dir: Path, run: int, input_options) -> list[str]:
    """One feed, its video encoded (at most 720p) with a keyframe every segment, then shrunk
    from that for the 360p: one decoding, one scaling of the source's size."""
    graph = (
        f"[0:v:0]fps=25,scale=w=-2:h='min({SOURCE_HEIGHT},ih)',format=yuv420p,split=2[big][half];"
        f"[half]scale=w=-2:h='min({composition.LOW_HEIGHT},ih)'[low]"
    )
    return [
        ffmpeg_binary(), "-hide_banner", "-v", "warning", "-y", *input_options, "-i", source,
        "-filter_complex", graph,
        "-map", "[big]", "-map", "0:a:0", "-map", "[low]", "-map", "0:a:0", "-map", "0:a:0",
        "-c:v", "libx264", "-preset", ENCODED_SOURCE_PRESET, "-tune", "zerolatency",
        "-profile:v", "main", *_source_rate(SOURCE_VIDEO_KBPS), *_low_rate(), *_keyframes("v"),
        *_outputs(out_dir, run),
    ]  # fmt: skip


def _source_rate(kbps: int) -> list[str]:
    return [
        "-b:v:0",
        f"{kbps}k",
        "-maxrate:v:0",
        f"{round(kbps * 1.1)}k",
        "-bufsize:v:0",
        f"{kbps * 2}k",
    ]


def _copying(source: str, out_dir: Path, run: int, input_options) -> list[str]:
    return [
        # stdin stays open: "q" is how ffmpeg ends cleanly (see _interrupt).
        ffmpeg_binary(), "-hide_banner", "-v", "warning", "-y",
        # ffmpeg's default probing (≈ 5 s) delays the first segment only: it then catches up.
        # A shorter one loses the feed's first second at every (re)connection.
        *input_options, "-i", source,
        # 360p at most: a smaller source is not enlarged. At 25 images/s: an RTP feed (the browser
        # studio's) has no frame rate ffmpeg can read, and the encoder would duplicate frames
        # at the RTP clock's 90,000/s.
        "-filter_complex", "[0:v:0]fps=25,scale=w=-2:h='min(360,ih)',format=yuv420p[low]",
        "-map", "0:v:0", "-map", "0:a:0", "-map", "[low]", "-map", "0:a:0", "-map", "0:a:0",
        "-c:v:0", "copy",
        "-c:v:1", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-profile:v:1", "main",
        *_low_rate(),
        # A keyframe every segment: each 360p segment starts with one, as the source's do when
        # its encoder sends one every 2 s (what OBS's guide for HLS ingest asks).
        *_keyframes("v:1"), *_outputs(out_dir, run),
    ]  # fmt: skip


def _low_rate() -> list[str]:
    return [
        "-b:v:1", f"{LOW_VIDEO_KBPS}k", "-maxrate:v:1", f"{round(LOW_VIDEO_KBPS * 1.1)}k",
        "-bufsize:v:1", f"{LOW_VIDEO_KBPS * 2}k", "-sc_threshold", "0",
    ]  # fmt: skip


def _keyframes(streams: str) -> list[str]:
    return [f"-force_key_frames:{streams}", f"expr:gte(t,n_forced*{hls.SEGMENT_SECONDS})"]


def _outputs(out_dir: Path, run: int) -> list[str]:
    names = [r.name for r in hls.RENDITIONS]
    return [
        "-c:a", "aac", "-b:a", f"{AUDIO_KBPS}k", "-ac", "2", "-ar", "48000",
        "-f", "hls", "-hls_time", str(hls.SEGMENT_SECONDS), "-hls_list_size", "0",
        "-hls_playlist_type", "event",
        "-hls_flags", "independent_segments+temp_file+program_date_time",
        "-hls_segment_type", "mpegts",
        "-hls_segment_filename", str(out_dir / "%v" / f"r{run:03d}-%05d.ts"),
        "-var_stream_map", f"v:0,a:0,name:{names[0]} v:1,a:1,name:{names[1]} a:2,name:{names[2]}",
        str(out_dir / "%v" / hls.run_name(run)),
    ]  # fmt: skip


@dataclass(frozen=True)
class Feed:
    """One input of a run: an SRT listener's URL or an SDP file; `name` is shown on its tile."""

    url: str
    name: str = ""


@dataclass
class Packager:
    """Supervise the ffmpeg of one stage's current talk; compose its playlists as it goes."""

    source: str
    out_dir: Path
    log_path: Path | None = None
    input_options: tuple[str, ...] = ()
    window: int = hls.LIVE_WINDOW
    poll_s: float = 0.5
    restart_delay_s: float = 0.5
    runs_started: int = 0
    _stop: threading.Event = field(default_factory=threading.Event, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _process: subprocess.Popen | None = field(default=None, repr=False)
    _thread: threading.Thread | None = field(default=None, repr=False)
    _variants: list | None = field(default=None, repr=False)
    # A run that went from copying to composing, or back: the master describes it once it has
    # segments (new viewers then pick renditions by what they really are).
    _describe_run: int | None = field(default=None, repr=False)
    _feeds: tuple[Feed, ...] = ()
    _next: tuple[Feed, ...] | None = field(default=None, repr=False)  # asked by `switch`
    _restart: threading.Event = field(default_factory=threading.Event, repr=False)
    _names: Path | None = field(default=None, repr=False)  # the tiles' names, out of the media
    # Copying the feed stalled (COPY_STALLED_AFTER_SEGMENTS): runs encode it until it changes.
    encoding_source: bool = False
    # Each run's segments as last read: ffmpeg may leave a run's playlist empty when it dies.
    _known: dict = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self._feeds = (Feed(self.source),)
        self._names = Path(tempfile.mkdtemp(prefix="usine-stage-names-"))

    def start(self) -> None:
        for rendition in hls.RENDITIONS:
            (self.out_dir / rendition.name).mkdir(parents=True, exist_ok=True)
        self._thread = threading.Thread(target=self._supervise, name="forum-packager", daemon=True)
        self._thread.start()

    @property
    def pid(self) -> int | None:
        """The running ffmpeg's process id (its CPU is the stage's cost)."""
        process = self._process
        return process.pid if process is not None else None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def feeds(self) -> tuple[Feed, ...]:
        """What the run under way reads (or the next run, once a switch is under way)."""
        return self._next if self._next is not None else self._feeds

    @property
    def switching(self) -> bool:
        """A switch was asked and the run reading the new feeds has not started yet."""
        return self._next is not None

    def switch(self, feeds: tuple[Feed, ...]) -> None:
        """Read `feeds` from now on. A run that was fed ends first (its segments closed): the
        next one starts on the new feeds, marked by a discontinuity. A run still waiting for its
        first packet simply keeps waiting when its inputs are the same."""
        with self._lock:
            fed = self._fed(self.runs_started)
            if feeds == self._feeds and self._next is None and not fed:
                return
            self._next = tuple(feeds)
            self._restart.set()

    def stop(self, *, ended: bool) -> None:
        """Stop ffmpeg (it finishes the segment under way) and write the last playlists; with
        `ended`, the talk is over: the playlists get `#EXT-X-ENDLIST` and the replay is VOD."""
        self._stop.set()  # the supervising thread ends ffmpeg and returns
        if self._thread is not None:
            self._thread.join(STOP_TIMEOUT_S * 2)
        self.compose(ended=ended)
        shutil.rmtree(self._names, ignore_errors=True)

    def compose(self, *, ended: bool = False) -> int:
        """Write the live and replay playlists from what ffmpeg wrote; the segment count."""
        with self._lock:
            counts, latest = [], []
            for rendition in hls.RENDITIONS:
                folder = self.out_dir / rendition.name
                segments = hls.read_segments(
                    folder, known=self._known.setdefault(rendition.name, {})
                )
                counts.append(len(segments))
                run = f"r{self._describe_run or 0:03d}-"
                latest.append(any(s.uri.startswith(run) for s in segments))
                live = hls.media_playlist(segments, window=self.window, ended=ended, vod=False)
                hls.write_atomically(folder / hls.LIVE_NAME, live)
                replay = hls.media_playlist(segments, window=None, ended=ended, vod=ended)
                hls.write_atomically(folder / hls.REPLAY_NAME, replay)
            if self._variants is None and all(counts):
                self._variants = self._describe()
            elif self._describe_run and all(latest):
                self._variants = self._describe(run=self._describe_run)
                self._describe_run = None
            if self._variants is not None:
                live = hls.master_playlist(self._variants, media_name=hls.LIVE_NAME)
                hls.write_atomically(self.out_dir / hls.LIVE_NAME, live)
                if ended:  # nobody loads the growing replay: its master exists once it is whole
                    replay = hls.master_playlist(self._variants, media_name=hls.REPLAY_NAME)
                    hls.write_atomically(self.out_dir / hls.REPLAY_NAME, replay)
            return min(counts)

    def _supervise(self) -> None:
        log = self.log_path.open("ab") if self.log_path else subprocess.DEVNULL
        try:
            while not self._stop.is_set():
                self._run_once(log)
                self.compose()
                self._stop.wait(self.restart_delay_s)
        except Exception:
            logger.exception("The packager of %s stopped", self.out_dir)
            raise
        finally:
            if self.log_path:
                log.close()

    def _run_once(self, log) -> None:
        # Numbers continue from the folder: a packager restarted mid-talk adds a run.
        numbers = hls.run_numbers(self.out_dir / hls.SOURCE.name)
        number = max([self.runs_started, *numbers]) + 1
        with self._lock:
            if self._stop.is_set():
                return
            if self._next is not None:
                if (len(self._next) > 1) != (len(self._feeds) > 1) or self.encoding_source:
                    self._describe_run = number
                self._feeds, self._next = self._next, None
                self.encoding_source = False  # other feeds: copying them is tried first
            self._restart.clear()
            command = packager_command(
                feeds=self._feeds,
                out_dir=self.out_dir,
                run=number,
                input_options=self.input_options,
                name_dir=self._names,
                encode_source=self.encoding_source,
            )
            self._process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=log
            )
            self.runs_started = number
        process = self._process
        while process.poll() is None and not (self._stop.is_set() or self._restart.is_set()):
            self.compose()
            if self._copy_stalled(number):
                logger.warning(
                    "Run %s in %s: keyframes too rare to copy; encoding", number, self.out_dir
                )
                with self._lock:
                    self.encoding_source, self._describe_run = True, number + 1
                break
            if self._stalled(number):
                logger.warning("Run %s in %s: sound, no picture; restarted", number, self.out_dir)
                break
            self._stop.wait(self.poll_s)
        if process.poll() is None:
            # A run that wrote nothing yet is waiting for its feed: nothing to close.
            _interrupt(process, graceful=self._fed(number))
        with self._lock:
            self._process = None

    def _stalled(self, run: int) -> bool:
        """Sound and no picture in any rendition (the copied source alone without segments is
        `_copy_stalled`)."""
        sound = self.out_dir / hls.AUDIO.name / f"r{run:03d}-{STALLED_AFTER_SEGMENTS - 1:05d}.ts"
        pictures = [self.out_dir / r.name / f"r{run:03d}-00000.ts" for r in (hls.SOURCE, hls.LOW)]
        return sound.exists() and not any(picture.exists() for picture in pictures)

    def _copy_stalled(self, run: int) -> bool:
        """Copying one feed, the sound has its segments and the source none."""
        if len(self._feeds) > 1 or self.encoding_source:
            return False
        audio = (
            self.out_dir / hls.AUDIO.name / f"r{run:03d}-{COPY_STALLED_AFTER_SEGMENTS - 1:05d}.ts"
        )
        source = self.out_dir / hls.SOURCE.name / f"r{run:03d}-00000.ts"
        return audio.exists() and not source.exists()

    def _fed(self, run: int) -> bool:
        return run > 0 and (self.out_dir / hls.SOURCE.name / hls.run_name(run)).exists()

    def _describe(self, run: int | None = None) -> list[hls.Variant]:
        """The renditions as the first segments (of the run `run`, else of the talk) show them."""
        variants = []
        prefix = f"r{run:03d}-" if run else ""
        for rendition in hls.RENDITIONS:
            folder = self.out_dir / rendition.name
            segments = hls.read_segments(folder, known=self._known.get(rendition.name))
            first = [s for s in segments if s.uri.startswith(prefix)][:3]
            measured = max(
                (folder / s.uri).stat().st_size * 8 / max(s.duration, 0.5)
                for s in first
                if (folder / s.uri).exists()
            )
            bandwidth = round(max(measured, 1) * 1.2)
            if not rendition.video:
                variants.append(hls.Variant(rendition, bandwidth, codecs="mp4a.40.2"))
                continue
            width, height, codecs = _probe_video(folder / first[0].uri)
            variants.append(hls.Variant(rendition, bandwidth, width, height, codecs))
        # Best first: the order players start from, and the audio-only variant last.
        return sorted(variants, key=lambda v: (not v.rendition.video, -v.bandwidth))


def _probe_video(path: Path) -> tuple[int, int, str]:
    """Width, height and RFC 6381 codecs of a segment ("" when ffprobe cannot tell)."""
    try:
        completed = subprocess.run(
            [ffprobe_binary(), "-v", "error", "-print_format", "json", "-show_streams", str(path)],
            capture_output=True,
            timeout=PROBE_TIMEOUT_S,
            check=False,
        )
        streams = json.loads(completed.stdout or b"{}").get("streams", [])
    except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError):
        return 0, 0, ""
    video = next((s for s in streams if s.get("codec_type") == "video"), {})
    width, height = int(video.get("width") or 0), int(video.get("height") or 0)
    profile, level = H264_PROFILES.get(video.get("profile", "")), video.get("level")
    codecs = ""
    if video.get("codec_name") == "h264" and profile and isinstance(level, int) and level > 0:
        codecs = f"avc1.{profile}{level:02x}"
        if any(s.get("codec_type") == "audio" for s in streams):
            codecs += ",mp4a.40.2"
    return width, height, codecs


def _interrupt(process: subprocess.Popen, *, graceful: bool) -> None:
    """End ffmpeg: with "q" on its input when it is streaming (it closes the segment under way and
    its playlists), then for good. Not with a signal: after SIGINT or SIGTERM, ffmpeg 5.1 aborts
    its own last writes and leaves the run's playlists empty."""
    if process.poll() is not None:
        return
    if graceful and process.stdin is not None:
        try:
            process.stdin.write(b"q")
            process.stdin.close()
            process.wait(STOP_TIMEOUT_S)
            return
        except (OSError, ValueError, subprocess.TimeoutExpired):
            pass
    process.kill()  # still waiting for a feed (nothing written), or stuck
    process.wait()
