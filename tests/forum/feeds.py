"""A speaker's encoder for the tests: ffmpeg publishing a test card with a tone, in real time."""

import socket
import subprocess

from tests.tools import require


def free_udp_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def publish(url: str, *, seconds: float, size: str = "640x360") -> subprocess.Popen:
    """Publish `seconds` of H.264 (a keyframe every 2 s, as an HLS ingest asks) and AAC to `url`."""
    command = [
        require("ffmpeg"), "-hide_banner", "-v", "error", "-nostdin", "-re",
        "-f", "lavfi", "-i", f"testsrc2=s={size}:r=25:d={seconds}",
        "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:d={seconds}",
        "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
        "-g", "50", "-keyint_min", "50", "-b:v", "1200k", "-threads", "1",
        "-c:a", "aac", "-b:a", "96k", "-f", "mpegts", url,
    ]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_listening(port: int, *, timeout_s: float = 10.0) -> None:
    """Wait until something (the packager's ffmpeg) holds the UDP port."""
    import time

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                return
        time.sleep(0.05)
    raise AssertionError(f"nothing listens on UDP port {port}")


def publish_rtp(
    audio_port: int,
    video_port: int,
    *,
    seconds: float,
    size: str = "640x360",
    tone: int = 440,
    keyframe_every: int = 25,
) -> subprocess.Popen:
    """Publish as Janus forwards a browser's feed: Opus and H.264 as plain RTP to two ports
    (payload types of usine/forum/studio.py), a keyframe every second as the stage room asks
    (every `keyframe_every` images, at 25 per second)."""
    command = [
        require("ffmpeg"), "-hide_banner", "-v", "error", "-nostdin", "-re",
        "-f", "lavfi", "-i", f"testsrc2=s={size}:r=25:d={seconds}",
        "-f", "lavfi", "-i", f"sine=frequency={tone}:sample_rate=48000:d={seconds}",
        "-map", "1:a", "-c:a", "libopus", "-b:a", "64k", "-payload_type", "111",
        "-f", "rtp", f"rtp://127.0.0.1:{audio_port}",
        "-map", "0:v", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
        "-pix_fmt", "yuv420p", "-g", str(keyframe_every), "-keyint_min", str(keyframe_every),
        "-sc_threshold", "0", "-b:v", "1200k", "-threads", "1",
        "-payload_type", "96", "-f", "rtp", f"rtp://127.0.0.1:{video_port}",
    ]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
