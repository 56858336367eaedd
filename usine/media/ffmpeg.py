"""ffprobe/ffmpeg command lines and their output, kept apart from the workflow in services.py.

Nothing here touches the database: functions take paths and return plain values, so the HLS
ladder can be read (and changed) in one place.
"""

import json
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from django.conf import settings

PROBE_TIMEOUT_S = 30
POSTER_TIMEOUT_S = 60
SEGMENT_SECONDS = 4
POSTER_WIDTH = 768


@dataclass(frozen=True)
class Rendition:
    name: str
    width: int
    height: int
    video_kbps: int
    audio_kbps: int


# Two renditions are enough for school networks: 240p keeps playing on a congested link,
# 432p is sharp in the building page's 768 px player.
LADDER = (
    Rendition("240p", 426, 240, 145, 64),
    Rendition("432p", 768, 432, 1100, 96),
)


def ffmpeg_binary() -> str:
    # Settings, read at call time, so a deployment can point at its own build.
    return getattr(settings, "FFMPEG_BINARY", "ffmpeg")


def ffprobe_binary() -> str:
    return getattr(settings, "FFPROBE_BINARY", "ffprobe")


class FFmpegError(Exception):
    """ffprobe/ffmpeg could not do its job; the message is the tail of its error output."""


@dataclass(frozen=True)
class ProbeResult:
    format_name: str
    duration_s: float | None
    width: int
    height: int
    frame_rate: float | None
    has_audio: bool


def run_probe(path: Path) -> ProbeResult | None:
    """Describe a media file; None when it has no video stream."""
    try:
        completed = subprocess.run(
            [
                ffprobe_binary(),
                "-v",
                "error",
                "-print_format",
                "json",
                "-show_format",
                "-show_streams",
                str(path),
            ],
            capture_output=True,
            timeout=PROBE_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise FFmpegError("ffprobe timed out") from exc
    if completed.returncode != 0:
        raise FFmpegError(_tail(completed.stderr))
    try:
        data = json.loads(completed.stdout or b"{}")
    except json.JSONDecodeError as exc:
        raise FFmpegError("ffprobe printed no JSON") from exc
    streams = data.get("streams", [])
    # Cover art in an audio file is a "video" stream too; it is not a video.
    videos = [
        s
        for s in streams
        if s.get("codec_type") == "video" and not s.get("disposition", {}).get("attached_pic")
    ]
    if not videos:
        return None
    video = videos[0]
    fmt = data.get("format", {})
    return ProbeResult(
        format_name=fmt.get("format_name", ""),
        duration_s=_float(fmt.get("duration")) or _float(video.get("duration")),
        width=int(video.get("width") or 0),
        height=int(video.get("height") or 0),
        frame_rate=_rate(video.get("avg_frame_rate")) or _rate(video.get("r_frame_rate")),
        has_audio=any(s.get("codec_type") == "audio" for s in streams),
    )


def hls_command(*, source: Path, out_dir: Path, probe: ProbeResult) -> list[str]:
    """One ffmpeg run: decode once, scale to every rendition, write the HLS ladder."""
    scales = ";".join(
        f"[v{i}]scale=w={r.width}:h={r.height}:force_original_aspect_ratio=decrease"
        f":force_divisible_by=2[v{i}o]"
        for i, r in enumerate(LADDER)
    )
    split = f"[0:v:0]split={len(LADDER)}" + "".join(f"[v{i}]" for i in range(len(LADDER)))
    # Keyframes exactly every SEGMENT_SECONDS so every segment starts with one and the
    # renditions switch cleanly; -g is the same interval in frames when the rate is known.
    gop = round((probe.frame_rate or 25) * SEGMENT_SECONDS)
    command = [
        ffmpeg_binary(),
        "-v",
        "error",
        "-nostdin",
        "-y",
        "-i",
        str(source),
        "-filter_complex",
        f"{split};{scales}",
    ]
    for i, _ in enumerate(LADDER):
        command += ["-map", f"[v{i}o]"]
    if probe.has_audio:
        for _ in LADDER:
            command += ["-map", "0:a:0"]
    command += [
        "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "main", "-pix_fmt", "yuv420p",
        "-g", str(gop), "-keyint_min", str(gop), "-sc_threshold", "0",
        "-force_key_frames", f"expr:gte(t,n_forced*{SEGMENT_SECONDS})",
    ]  # fmt: skip
    for i, r in enumerate(LADDER):
        command += [
            f"-b:v:{i}", f"{r.video_kbps}k",
            f"-maxrate:v:{i}", f"{round(r.video_kbps * 1.1)}k",
            f"-bufsize:v:{i}", f"{r.video_kbps * 2}k",
        ]  # fmt: skip
    if probe.has_audio:
        command += ["-c:a", "aac", "-ac", "2", "-ar", "48000"]
        for i, r in enumerate(LADDER):
            command += [f"-b:a:{i}", f"{r.audio_kbps}k"]
    stream_map = " ".join(
        f"v:{i},a:{i},name:{r.name}" if probe.has_audio else f"v:{i},name:{r.name}"
        for i, r in enumerate(LADDER)
    )
    command += [
        "-f", "hls", "-hls_time", str(SEGMENT_SECONDS), "-hls_playlist_type", "vod",
        "-hls_flags", "independent_segments", "-hls_segment_type", "mpegts",
        "-hls_segment_filename", str(out_dir / "%v" / "segment_%03d.ts"),
        "-master_pl_name", "master.m3u8", "-var_stream_map", stream_map,
        "-progress", "pipe:1", "-nostats",
        str(out_dir / "%v" / "index.m3u8"),
    ]  # fmt: skip
    return command


def poster_command(*, source: Path, target: Path, at_s: float) -> list[str]:
    return [
        ffmpeg_binary(), "-v", "error", "-nostdin", "-y", "-ss", f"{at_s:.3f}", "-i", str(source),
        "-frames:v", "1", "-vf", f"scale={POSTER_WIDTH}:-2", "-q:v", "3", str(target),
    ]  # fmt: skip


def run_with_progress(
    command: list[str], *, on_out_time: Callable[[float], None], timeout_s: float
) -> None:
    """Run ffmpeg with `-progress pipe:1`, calling on_out_time(seconds) for each report."""
    # stderr goes to an anonymous temporary file: a pipe nobody reads could fill up and
    # block ffmpeg while we read its progress on stdout.
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log)
        # A watchdog rather than communicate(timeout): we must read stdout as it comes.
        watchdog = threading.Timer(timeout_s, process.kill)
        watchdog.start()
        started = time.monotonic()
        try:
            assert process.stdout is not None
            for raw in process.stdout:
                key, _, value = raw.decode("ascii", "replace").strip().partition("=")
                if key == "out_time_us" and value.lstrip("-").isdigit():
                    on_out_time(max(int(value), 0) / 1_000_000)
            returncode = process.wait()
        finally:
            watchdog.cancel()
            if process.poll() is None:
                process.kill()
                process.wait()
        if returncode != 0:
            if time.monotonic() - started >= timeout_s:
                raise FFmpegError(f"ffmpeg timed out after {timeout_s:.0f} s")
            log.seek(0)
            raise FFmpegError(_tail(log.read()))


def run_quiet(command: list[str], *, timeout_s: float) -> None:
    try:
        completed = subprocess.run(command, capture_output=True, timeout=timeout_s, check=False)
    except subprocess.TimeoutExpired as exc:
        raise FFmpegError(f"ffmpeg timed out after {timeout_s:.0f} s") from exc
    if completed.returncode != 0:
        raise FFmpegError(_tail(completed.stderr))


def _tail(output: bytes, limit: int = 600) -> str:
    text = output.decode("utf-8", "replace").strip()
    return text[-limit:] or "no error output"


def _float(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _rate(value) -> float | None:
    try:
        rate = Fraction(value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    return float(rate) if rate > 0 else None
