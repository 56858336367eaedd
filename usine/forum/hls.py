"""The Forum's HLS playlists, composed from what the packager's ffmpeg runs wrote.

Each ffmpeg run (a publisher connecting, until it drops) writes its own growing playlist per
rendition (`<rendition>/run001.m3u8`, segments `r001-00000.ts`…). From those, the packager writes:

- `<rendition>/live.m3u8`: the last few segments (a sliding live window), what viewers load;
- `<rendition>/replay.m3u8`: every segment since the talk began (an EVENT playlist, closed as VOD
  when the talk ends), which only the replay page names;
- `live.m3u8` and `replay.m3u8` at the top: the master playlists naming the renditions.

Between two runs the segments' timestamps restart: an `#EXT-X-DISCONTINUITY` tells players so,
and the live window's `#EXT-X-DISCONTINUITY-SEQUENCE` counts the ones that slid out of it.
Nothing here starts a process; functions read and write files only.
"""

import math
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

SEGMENT_SECONDS = 2
LIVE_WINDOW = 6  # segments: 12 s, enough for a player holding 3 to 4 segments behind the edge
LIVE_NAME = "live.m3u8"
REPLAY_NAME = "replay.m3u8"
RUN_PATTERN = re.compile(r"^run(\d{3})\.m3u8$")


@dataclass(frozen=True)
class Rendition:
    name: str
    video: bool
    # Announced bandwidth when the segments cannot tell (bits/s, audio included).
    bandwidth: int
    height: int = 0


SOURCE = Rendition("source", video=True, bandwidth=2_500_000)
LOW = Rendition("360p", video=True, bandwidth=800_000, height=360)
AUDIO = Rendition("audio", video=False, bandwidth=100_000)
RENDITIONS = (SOURCE, LOW, AUDIO)


@dataclass(frozen=True)
class Segment:
    uri: str
    duration: float
    program_date_time: str = ""
    # True on the first segment of every run after the first: timestamps restart there.
    discontinuity: bool = False


@dataclass(frozen=True)
class Run:
    segments: tuple[Segment, ...]
    ended: bool


def run_name(number: int) -> str:
    return f"run{number:03d}.m3u8"


def parse_run(text: str) -> Run:
    """The segments of one ffmpeg run's media playlist (relative URIs kept as written)."""
    segments, duration, pdt, ended = [], None, "", False
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("#EXTINF:"):
            try:
                duration = float(line[len("#EXTINF:") :].split(",", 1)[0])
            except ValueError:
                duration = None
        elif line.startswith("#EXT-X-PROGRAM-DATE-TIME:"):
            pdt = line.split(":", 1)[1]
        elif line == "#EXT-X-ENDLIST":
            ended = True
        elif line and not line.startswith("#") and duration is not None:
            segments.append(Segment(uri=line, duration=duration, program_date_time=pdt))
            duration, pdt = None, ""
    return Run(segments=tuple(segments), ended=ended)


def run_numbers(folder: Path) -> list[int]:
    """The numbers of the runs that wrote a playlist in a rendition's folder, in order."""
    if not folder.is_dir():
        return []
    found = (RUN_PATTERN.match(path.name) for path in folder.iterdir())
    return sorted(int(match.group(1)) for match in found if match)


def read_segments(folder: Path, *, known: dict | None = None) -> list[Segment]:
    """Every segment of every run in a rendition's folder, discontinuities marked. `known` keeps
    each run's longest reading: a run playlist found shorter (emptied by a dying ffmpeg) or
    unreadable counts as what was read before."""
    segments: list[Segment] = []
    known = {} if known is None else known
    for number in run_numbers(folder):
        try:
            run = parse_run((folder / run_name(number)).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            run = Run(segments=(), ended=False)
        if len(run.segments) < len(known.get(number, ())):
            run = Run(segments=known[number], ended=run.ended)
        known[number] = run.segments
        for index, segment in enumerate(run.segments):
            starts_run = index == 0 and bool(segments)
            segments.append(
                Segment(segment.uri, segment.duration, segment.program_date_time, starts_run)
            )
    return segments


def media_playlist(segments: list[Segment], *, window: int | None, ended: bool, vod: bool) -> str:
    """A media playlist of the last `window` segments (all when None)."""
    first = max(0, len(segments) - window) if window else 0
    shown = segments[first:]
    # The target duration may not shrink while the stream lasts: the longest segment so far.
    target = max([SEGMENT_SECONDS, *(math.ceil(s.duration) for s in segments)])
    discontinuities = sum(1 for s in segments[:first] if s.discontinuity)
    lines = ["#EXTM3U", "#EXT-X-VERSION:6", f"#EXT-X-TARGETDURATION:{target}"]
    lines.append(f"#EXT-X-MEDIA-SEQUENCE:{first}")
    if discontinuities:
        lines.append(f"#EXT-X-DISCONTINUITY-SEQUENCE:{discontinuities}")
    if window is None:
        lines.append(f"#EXT-X-PLAYLIST-TYPE:{'VOD' if vod else 'EVENT'}")
    lines.append("#EXT-X-INDEPENDENT-SEGMENTS")
    for segment in shown:
        if segment.discontinuity:
            lines.append("#EXT-X-DISCONTINUITY")
        if segment.program_date_time:
            lines.append(f"#EXT-X-PROGRAM-DATE-TIME:{segment.program_date_time}")
        lines.append(f"#EXTINF:{segment.duration:.3f},")
        lines.append(segment.uri)
    if ended:
        lines.append("#EXT-X-ENDLIST")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Variant:
    rendition: Rendition
    bandwidth: int
    width: int = 0
    height: int = 0
    codecs: str = ""


def master_playlist(variants: list[Variant], *, media_name: str) -> str:
    """The master playlist naming each rendition's `media_name` playlist, best first."""
    lines = ["#EXTM3U", "#EXT-X-VERSION:6", "#EXT-X-INDEPENDENT-SEGMENTS"]
    for variant in variants:
        attributes = [f"BANDWIDTH={variant.bandwidth}"]
        if variant.width and variant.height:
            attributes.append(f"RESOLUTION={variant.width}x{variant.height}")
        if variant.codecs:
            attributes.append(f'CODECS="{variant.codecs}"')
        lines.append("#EXT-X-STREAM-INF:" + ",".join(attributes))
        lines.append(f"{variant.rendition.name}/{media_name}")
    return "\n".join(lines) + "\n"


def write_atomically(path: Path, text: str) -> bool:
    """Replace `path` with `text` in one step (readers see the old or the new file, never a
    half-written one); False when it already held exactly that text."""
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        # World-readable like every media file: nginx's workers may run as another user.
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True
