"""The packager against a real ffmpeg publishing over SRT, as OBS would."""

import array
import json
import math
import subprocess
import time

import pytest

from tests.tools import require
from usine.forum import hls, ingest, studio
from usine.forum.packager import Feed, Packager

from .feeds import free_udp_port, publish, publish_rtp, wait_listening

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


@pytest.fixture
def studio_stage(tmp_path):
    """A packager reading what Janus forwards of the browser studio: RTP, through SDP files."""
    require("ffmpeg")
    ports = [(free_udp_port(), free_udp_port()) for _slot in range(2)]
    feeds = []
    for slot, (audio, video) in enumerate(ports):
        path = tmp_path / f"slot-{slot}.sdp"
        path.write_text(studio.sdp(host="127.0.0.1", audio_port=audio, video_port=video))
        feeds.append(Feed(str(path), ("Inès Durand", "Karim O'Neil : PDG")[slot]))
    packager = Packager(
        source=feeds[0].url,
        out_dir=tmp_path / "hls",
        log_path=tmp_path / "packager.log",
        input_options=studio.SDP_INPUT_OPTIONS,
    )
    packager.start()
    wait_listening(ports[0][1])
    yield packager, feeds, ports
    packager.stop(ended=False)


def test_a_speaker_back_under_a_new_feed_resumes_after_a_discontinuity(studio_stage):
    """What the packagers' loop does when a speaker reloads the studio (on_air.py): the feed gone,
    the packager switches (the run under way ends); the new feed is forwarded once it has."""
    packager, feeds, ports = studio_stage
    source = packager.out_dir / "source"
    first = publish_rtp(*ports[0], seconds=7)
    wait_for(lambda: "r001-00001.ts" in playlist(source / hls.LIVE_NAME), timeout_s=30)
    first.wait(timeout=30)

    packager.switch((feeds[0],))  # the feed left the room
    wait_for(lambda: not packager.switching and packager.runs_started == 2)
    assert packager.feeds == (feeds[0],)
    # Another publisher: its own RTP sequence, timestamps and SSRC, as a new browser sends.
    second = publish_rtp(*ports[0], seconds=7)
    wait_for(lambda: "r002-00001.ts" in playlist(source / hls.LIVE_NAME), timeout_s=30)
    second.wait(timeout=30)
    packager.stop(ended=True)

    live = playlist(source / hls.LIVE_NAME).splitlines()
    assert live.index("#EXT-X-DISCONTINUITY") == live.index("r002-00000.ts") - 3
    replay = hls.parse_run(playlist(source / hls.REPLAY_NAME))
    runs = [segment.uri[:4] for segment in replay.segments]
    assert runs == sorted(runs)
    assert set(runs) == {"r001", "r002"}
    for run in ("r001", "r002"):  # each feed's whole segments, in the replay too
        whole = [s.duration for s in replay.segments if s.uri.startswith(run)][:2]
        assert [round(duration) for duration in whole] == [2, 2], replay
    info = probe(source / "r002-00001.ts")
    video = next(s for s in info["streams"] if s["codec_type"] == "video")
    assert (video["codec_name"], video["width"], video["height"]) == ("h264", 640, 360)
    assert int(video["nb_read_frames"]) >= 40  # copied as it came, and it decodes


def test_a_round_table_is_composed_into_one_picture_with_the_voices_mixed(studio_stage):
    packager, feeds, ports = studio_stage
    source, low = packager.out_dir / "source", packager.out_dir / "360p"
    master = packager.out_dir / hls.LIVE_NAME
    alone = publish_rtp(*ports[0], seconds=30, tone=440)
    wait_for(lambda: "RESOLUTION=640x360" in playlist(master), timeout_s=30)  # copied

    # A second speaker joins: the next run composes both.
    joining = publish_rtp(*ports[1], seconds=30, tone=660)
    before = packager.runs_started
    packager.switch(tuple(feeds))
    run = wait_for(lambda: later_run(source, after=before, segments=3), timeout_s=40)
    for speaker in (alone, joining):
        speaker.kill()
        speaker.wait()

    segments = [s for s in hls.read_segments(source) if s.uri.startswith(f"r{run:03d}")]
    assert [round(s.duration, 1) for s in segments[:2]] == [2.0, 2.0], segments
    composed = probe(source / segments[1].uri)
    video = next(s for s in composed["streams"] if s["codec_type"] == "video")
    # Encoded, the two tiles on a 16:9 canvas, at 20 images/s (composition.py: what it costs).
    assert (video["width"], video["height"]) == (960, 540)
    assert int(video["nb_read_frames"]) == 40
    assert [s["codec_name"] for s in composed["streams"] if s["codec_type"] == "audio"] == ["aac"]
    smaller = probe(low / segments[1].uri)
    video = next(s for s in smaller["streams"] if s["codec_type"] == "video")
    assert (video["width"], video["height"]) == (640, 360)
    assert tones(source / segments[1].uri) == {440, 660}  # both voices, nothing else
    # New viewers are told what the source rendition now is.
    wait_for(lambda: "RESOLUTION=960x540" in playlist(master))
    assert 'CODECS="avc1.42e01f,mp4a.40.2"' in playlist(master)  # ultrafast: Constrained Baseline


def test_a_feed_with_rare_keyframes_is_encoded_once_copying_it_stalls(studio_stage, caplog):
    """A browser on a loaded machine (or an encoder left on its default) sending a keyframe every
    12 s: copied, its first segment would take 12 s to end. After 8 s of sound without it, the
    next run encodes the feed, a keyframe every 2 s."""
    packager, _feeds, ports = studio_stage
    source = packager.out_dir / "source"
    speaker = publish_rtp(*ports[0], seconds=40, keyframe_every=300)
    run = wait_for(lambda: later_run(source, after=1, segments=3), timeout_s=60)
    speaker.kill()
    speaker.wait()

    assert (run, packager.encoding_source) == (2, True)
    assert [r.getMessage().split(" in ")[0] for r in caplog.records] == ["Run 1"]
    assert caplog.records[0].getMessage().endswith(": keyframes too rare to copy; encoding")
    segments = hls.read_segments(source)
    assert [s.uri[:4] for s in segments][:1] == ["r002"]  # the copying run made none
    assert [round(s.duration, 1) for s in segments[:2]] == [2.0, 2.0], segments
    info = probe(source / segments[1].uri)
    video = next(s for s in info["streams"] if s["codec_type"] == "video")
    assert (video["width"], video["height"], int(video["nb_read_frames"])) == (640, 360, 50)


def later_run(folder, *, after, segments):
    """The first run after `after` with that many segments in the live playlist, if any."""
    live = playlist(folder / hls.LIVE_NAME)
    for number in hls.run_numbers(folder):
        if number > after and f"r{number:03d}-{segments - 1:05d}.ts" in live:
            return number
    return None


def tones(path, candidates=(440, 550, 660, 880)):
    """Which of `candidates` (Hz) sound in a segment: each one's power (Goertzel's algorithm)
    against the strongest."""
    ffmpeg = require("ffmpeg")
    completed = subprocess.run(
        [ffmpeg, "-v", "error", "-i", str(path), "-map", "0:a:0", "-ac", "1", "-ar", "8000",
         "-f", "s16le", "-"],
        capture_output=True, check=True, timeout=30,
    )  # fmt: skip
    samples = array.array("h", completed.stdout)
    powers = {}
    for frequency in candidates:
        coefficient = 2 * math.cos(2 * math.pi * frequency / 8000)
        before = earlier = 0.0
        for sample in samples:
            before, earlier = sample + coefficient * before - earlier, before
        powers[frequency] = before**2 + earlier**2 - coefficient * before * earlier
    return {f for f, power in powers.items() if power > max(powers.values()) / 10}
