"""Demo video clips and their French captions, made locally with ffmpeg (nothing downloaded).

A clip is a coloured card with the person's first name, job and company, a progress bar and a
quiet tone; its WebVTT captions spread the transcript's sentences over the clip. Clips are
source files only: the media pipeline validates and transcodes them like any upload.
"""

import subprocess
import tempfile
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

FFMPEG = "ffmpeg"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
WIDTH, HEIGHT, RATE = 640, 360, 15
MIN_SECONDS = 6.0
SECONDS_PER_SENTENCE = 1.5
TIMEOUT_S = 120

# One background colour per sector, so a building's clips look alike.
SECTOR_COLOURS = {
    "metallurgy": "0x5b3a29",
    "aeronautics": "0x1f4e79",
    "shipbuilding": "0x0f5e6e",
    "energy": "0x2e6b30",
    "chemistry": "0x6a3d7a",
    "agrifood": "0x8a5a00",
    "logistics": "0x7a2e2e",
    "electronics": "0x2c3e66",
    "automotive": "0x4a4a4a",
    "mechanics": "0x355c4a",
    "port": "0x124a8a",
}
DEFAULT_COLOUR = "0x333333"


class ClipError(Exception):
    """ffmpeg could not make a demo clip."""


@dataclass(frozen=True)
class ClipSpec:
    key: str
    title: str
    subtitle: str
    footer: str
    sentences: tuple[str, ...]
    colour: str = DEFAULT_COLOUR
    seconds: float | None = None  # longer than its sentences need (a Forum replay)

    @property
    def duration_s(self) -> float:
        return self.seconds or clip_duration(len(self.sentences))


def clip_duration(sentence_count: int) -> float:
    return max(MIN_SECONDS, SECONDS_PER_SENTENCE * sentence_count)


def captions_vtt(sentences: Iterable[str], *, duration_s: float) -> str:
    """WebVTT with one cue per sentence, the clip's duration shared out evenly."""
    sentences = [s.strip() for s in sentences if s.strip()]
    if not sentences:
        raise ValueError("captions need at least one sentence")
    step_ms = int(duration_s * 1000) // len(sentences)
    cues = []
    for index, sentence in enumerate(sentences):
        start, end = index * step_ms, (index + 1) * step_ms
        # Cue text must not contain a blank line or "-->"; transcripts are one line each.
        text = " ".join(sentence.replace("-->", "→").split())
        cues.append(f"{index + 1}\n{_timestamp(start)} --> {_timestamp(end)}\n{text}\n")
    return "WEBVTT\n\n" + "\n".join(cues)


def render_clip(spec: ClipSpec, *, directory: Path) -> Path:
    """Write `<key>.mp4` (H.264 + AAC) in `directory` and return its path."""
    target = directory / f"{spec.key}.mp4"
    with tempfile.TemporaryDirectory(prefix="usine-clip-") as texts:
        # Text goes through files: no escaping of quotes, colons or commas in filter syntax.
        lines = []
        for name, text, size, dy in (
            ("title", spec.title, 44, -70),
            ("subtitle", spec.subtitle, 24, 0),
            ("footer", spec.footer, 18, 40),
        ):
            path = Path(texts) / f"{name}.txt"
            path.write_text(text, encoding="utf-8")
            lines.append(_drawtext(path, size=size, dy=dy))
        duration = spec.duration_s
        video = ",".join(
            [*lines, f"drawbox=x=0:y=ih-10:w=iw*t/{duration}:h=10:color=white@0.7:t=fill"]
        )
        command = [
            FFMPEG, "-v", "error", "-nostdin", "-y",
            "-f", "lavfi", "-i",
            f"color=c={spec.colour}:s={WIDTH}x{HEIGHT}:r={RATE}:d={duration}",
            "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=44100:duration={duration}",
            "-filter_complex", f"[0:v]{video}[v];[1:a]volume=0.15[a]",
            "-map", "[v]", "-map", "[a]",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-threads", "1",
            "-c:a", "aac", "-b:a", "64k", "-shortest", "-movflags", "+faststart",
            str(target),
        ]  # fmt: skip
        try:
            completed = subprocess.run(command, capture_output=True, timeout=TIMEOUT_S, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ClipError(f"ffmpeg could not run for {spec.key}: {exc}") from exc
    if completed.returncode != 0 or not target.exists():
        tail = completed.stderr.decode("utf-8", "replace")[-400:]
        raise ClipError(f"ffmpeg failed for {spec.key}: {tail}")
    return target


def render_clips(
    specs: list[ClipSpec],
    *,
    directory: Path,
    workers: int = 2,
    on_progress: Callable[[int, int], None] | None = None,
) -> dict[str, Path]:
    """Render every clip with a small thread pool (each ffmpeg uses one thread)."""
    paths: dict[str, Path] = {}
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = {pool.submit(render_clip, spec, directory=directory): spec for spec in specs}
        for done, future in enumerate(as_completed(futures), start=1):
            paths[futures[future].key] = future.result()
            if on_progress is not None:
                on_progress(done, len(specs))
    return paths


def _drawtext(path: Path, *, size: int, dy: int) -> str:
    font = f"fontfile='{FONT}':" if FONT.exists() else ""
    return (
        f"drawtext={font}textfile='{path}':fontcolor=white:fontsize={size}"
        f":x=(w-text_w)/2:y=h/2+({dy})"
    )


def _timestamp(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"
