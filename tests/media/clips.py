"""Real media files for tests, made by ffmpeg (no fixtures checked in)."""

import subprocess
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

GOOD_VTT = (
    "WEBVTT\n\n"
    "00:00:00.000 --> 00:00:01.500\nBonjour, je suis apprentie soudeuse.\n\n"
    "00:00:01.500 --> 00:00:02.900\nJe soude des corps de vannes à l'atelier.\n"
).encode()


def make_clip(path: Path, *, seconds: float = 3, size: str = "640x360", audio: bool = True) -> Path:
    """An H.264/AAC MP4 test pattern with a 440 Hz tone."""
    command = ["ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i",
               f"testsrc2=size={size}:rate=25"]  # fmt: skip
    if audio:
        command += ["-f", "lavfi", "-i", "sine=frequency=440"]
    command += ["-t", str(seconds), "-c:v", "libx264", "-preset", "ultrafast",
                "-pix_fmt", "yuv420p"]  # fmt: skip
    if audio:
        command += ["-c:a", "aac"]
    command.append(str(path))
    subprocess.run(command, check=True, timeout=60)
    return path


def make_audio_only(path: Path, *, seconds: float = 2) -> Path:
    subprocess.run(
        ["ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "lavfi", "-i", "sine=frequency=440",
         "-t", str(seconds), "-c:a", "aac", str(path)],
        check=True,
        timeout=60,
    )  # fmt: skip
    return path


def upload_of(path: Path, *, name: str | None = None, content_type: str = "video/mp4"):
    return SimpleUploadedFile(name or path.name, path.read_bytes(), content_type=content_type)


def vtt_upload(data: bytes = GOOD_VTT, *, name: str = "captions.vtt"):
    return SimpleUploadedFile(name, data, content_type="text/vtt")


def text_as_mp4():
    """A text file renamed .mp4: what a confused upload looks like."""
    return SimpleUploadedFile(
        "temoignage.mp4", b"Ceci est un compte rendu, pas une video.\n" * 20, "video/mp4"
    )
