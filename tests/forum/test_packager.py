"""The packager against a real ffmpeg publishing over SRT, as OBS would."""

import json
import subprocess
import time

import pytest

from tests.tools import require
from usine.forum import hls, ingest
from usine.forum.packager import Packager

from .feeds import free_udp_port, publish, wait_listening

PASSPHRASE = "la-bonne-phrase-secrete-2026"


@pytest.fixture
def stage(tmp_path):
    require("ffmpeg")
    port = free_udp_port()
    packager = Packager(
        source=ingest.listener_url(host="127.0.0.1", port=port, passphrase=PASSPHRASE),
        out_dir=tmp_path / "hls",
        log_path=tmp_path / "packager.log",
    )
    packager.start()
    wait_listening(port)
    yield packager, port
    packager.stop(ended=False)


def caller(port, passphrase=PASSPHRASE):
    return ingest.caller_url(host="127.0.0.1", port=port, passphrase=passphrase)


def wait_for(condition, *, timeout_s=20.0):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.1)
    raise AssertionError("timed out")


def playlist(path):
    return path.read_text(encoding="utf-8") if path.exists() else ""


def probe(path):
    ffprobe = require("ffprobe")
    completed = subprocess.run(
        [ffprobe, "-v", "error", "-print_format", "json", "-show_streams", "-count_frames",
         "-show_format", str(path)],
        capture_output=True, check=True, timeout=30,
    )  # fmt: skip
    return json.loads(completed.stdout)


def test_a_wrong_passphrase_is_refused_and_the_right_one_then_gets_through(stage):
    packager, port = stage
    intruder = publish(caller(port, "une-autre-phrase-secrete"), seconds=4)
    _, error = intruder.communicate(timeout=20)
    assert intruder.returncode != 0
    assert b"Input/output error" in error
    assert list((packager.out_dir / "source").glob("*.ts")) == []

    speaker = publish(caller(port), seconds=9)
    live = packager.out_dir / "source" / hls.LIVE_NAME
    wait_for(lambda: playlist(live).count("#EXTINF") >= 3)
    speaker.wait(timeout=30)

    master = playlist(packager.out_dir / hls.LIVE_NAME)
    assert [line for line in master.splitlines() if not line.startswith("#")] == [
        "source/live.m3u8",
        "360p/live.m3u8",
        "audio/live.m3u8",
    ]
    assert "RESOLUTION=640x360" in master
    assert 'CODECS="avc1.42e01e,mp4a.40.2"' in master  # ultrafast: Constrained Baseline, copied
    assert not (packager.out_dir / hls.REPLAY_NAME).exists()  # no replay before the end
    for rendition in ("source", "360p", "audio"):
        run = hls.parse_run(playlist(packager.out_dir / rendition / hls.LIVE_NAME))
        whole = run.segments[:-1]  # the last one may be the short tail of the feed
        assert len(whole) >= 2
        assert all(abs(segment.duration - 2.0) < 0.1 for segment in whole), run.segments
        info = probe(packager.out_dir / rendition / whole[0].uri)
        kinds = sorted(stream["codec_type"] for stream in info["streams"])
        assert kinds == (["audio"] if rendition == "audio" else ["audio", "video"])
        assert abs(float(info["format"]["duration"]) - 2.0) < 0.15
    low = probe(packager.out_dir / "360p" / whole[0].uri)
    video = next(s for s in low["streams"] if s["codec_type"] == "video")
    assert (video["width"], video["height"]) == (640, 360)
    assert int(video["nb_read_frames"]) == 50  # decodes: 2 s at 25 images/s


def test_a_publisher_dropping_and_coming_back_resumes_with_a_discontinuity(stage):
    packager, port = stage
    first = publish(caller(port), seconds=5)
    first.wait(timeout=30)
    source = packager.out_dir / "source"
    wait_for(lambda: hls.run_numbers(source) == [1] and packager.runs_started == 2)
    wait_listening(port)  # listening again, with nobody's help

    second = publish(caller(port), seconds=5)
    wait_for(lambda: "r002-00001.ts" in playlist(source / hls.LIVE_NAME))
    second.wait(timeout=30)
    packager.stop(ended=True)

    live = playlist(source / hls.LIVE_NAME).splitlines()
    assert live.index("#EXT-X-DISCONTINUITY") == live.index("r002-00000.ts") - 3  # tag, PDT, EXTINF
    assert live[-1] == "#EXT-X-ENDLIST"
    replay = playlist(source / hls.REPLAY_NAME)
    assert "#EXT-X-PLAYLIST-TYPE:VOD" in replay
    assert replay.count("#EXT-X-DISCONTINUITY\n") == 1
    uris = [line for line in replay.splitlines() if line.endswith(".ts")]
    assert uris[0] == "r001-00000.ts"
    assert next(u for u in uris if u.startswith("r002")) == "r002-00000.ts"
    assert playlist(packager.out_dir / hls.REPLAY_NAME).count("/replay.m3u8") == 3
    total = sum(s.duration for s in hls.parse_run(replay).segments)
    assert 8.5 < total < 10.5, replay  # both appearances, nothing lost
