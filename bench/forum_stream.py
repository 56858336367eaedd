"""The Forum live: simulated HLS viewers against the real packager's output through nginx.

A speaker (ffmpeg, 720p 25 images/s H.264 + AAC, a keyframe every 2 s) publishes over SRT to the
real packager (usine/forum/packager.py: source copied, 360p encoded, audio), which writes into a
media folder that nginx serves as the production form does (usine/templates/deploy/site.conf).
Viewers are wrk connections paced like hls.js on a school line at the live edge: each viewer
fetches the 360p media playlist and the newest segment once every 2 s, so 2,000 viewers make
1,000 playlist and 1,000 segment requests per second (two wrk processes, their figures apart).
The floor is nginx serving one segment file as a static file to the same paced load in the same
run. Latency: how far the newest segment's end (its program date-time) is behind the clock when
a playlist is read, plus the 5 s hls.js stays behind the edge by default (forum-player.js).
Replay ready: the time from the end of the talk (the packager told to stop) to a closed VOD
replay ffprobe reads.

`--cpu` measures the packager alone, as the browser studio feeds it (RTP as Janus forwards it,
speakers' cameras at a round table's tile size): one speaker copied, then a round table of three
composed. Its figure is CPU seconds per second of stream written, which a loaded machine does
not flatter (a starved ffmpeg writes less and spends less).
"""

import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from _server import ROOT, free_port

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "usine.settings")
os.environ.setdefault("USINE_DATA_DIR", tempfile.mkdtemp(prefix="usine-bench-forum-"))
import django  # settings first: the packager reads the ffmpeg binary from them

django.setup()
from usine.forum import composition, hls, ingest, studio  # noqa: E402
from usine.forum.packager import Feed, Packager  # noqa: E402

VIEWERS = int(os.environ.get("BENCH_VIEWERS", 2000))
LOAD_S = 20
WARMUP_S = 10
HOLD_BACK_S = 5.0  # frontend/src/forum-player.js, standard delay: hls.js liveSyncDuration 5
PASSPHRASE = "banc-d-essai-du-forum-2026"

NGINX_CONF = """
worker_processes 2;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 16384; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    server {{
        listen 127.0.0.1:{port} backlog=8192;
        location /media/ {{
            alias {media}/;
            location /media/forum/live/ {{
                add_header Cache-Control "public, max-age=86400" always;
                open_file_cache max=4096 inactive=20s;
                open_file_cache_valid 60s;
                location ~ "\\.m3u8$" {{
                    add_header Cache-Control "public, max-age=1" always;
                    open_file_cache off;
                }}
            }}
        }}
    }}
}}
"""

# Each connection is a viewer: one request, then a pause of PACE_MS (the segment length).
WRK_SCRIPT = """
local pointer = "{pointer}"
local current = nil
local calls = 0
local function newest()
  local handle = io.open(pointer, "r")
  if handle then
    local line = handle:read("*l")
    handle:close()
    if line and #line > 0 then current = line end
  end
end
request = function()
  calls = calls + 1
  if current == nil or calls % 50 == 0 then newest() end
  return wrk.format("GET", current or "{fallback}")
end
delay = function() return {pace_ms} end
done = function(summary, latency, requests)
  io.write(string.format("P50 %d\\nP95 %d\\nP99 %d\\nREQUESTS %d\\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99), summary.requests))
  io.write(string.format("ERRORS %d\\n", summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def publish(url: str, seconds: int) -> subprocess.Popen:
    return subprocess.Popen(
        [
            "ffmpeg", "-hide_banner", "-v", "error", "-nostdin", "-re",
            "-f", "lavfi", "-i", f"testsrc2=s=1280x720:r=25:d={seconds}",
            "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:d={seconds}",
            "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
            "-pix_fmt", "yuv420p", "-g", "50", "-keyint_min", "50", "-b:v", "2500k",
            "-c:a", "aac", "-b:a", "128k", "-f", "mpegts", url,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wrk(base: str, pointer: Path, fallback: str, connections: int, out: dict, key: str) -> None:
    script = pointer.with_suffix(f".{key}.lua")
    script.write_text(
        WRK_SCRIPT.format(pointer=pointer, fallback=fallback, pace_ms=hls.SEGMENT_SECONDS * 1000)
    )
    threads = min(2, connections)
    completed = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{LOAD_S}s", "--timeout", "5s",
         "-s", str(script), base],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    text = completed.stdout
    out[key] = {
        "p50_ms": int(re.search(r"P50 (\d+)", text).group(1)) / 1000,
        "p95_ms": int(re.search(r"P95 (\d+)", text).group(1)) / 1000,
        "p99_ms": int(re.search(r"P99 (\d+)", text).group(1)) / 1000,
        "requests": int(re.search(r"REQUESTS (\d+)", text).group(1)),
        "errors": int(re.search(r"ERRORS (\d+)", text).group(1)),
    }


def pointer_writer(base, folder, out_dir, started_at, pointers, stop, delays):
    """Reads the live playlist as a player would; points wrk at the newest segment and notes how
    far behind the speaker's camera the live edge is: the newest segment ends at `started_at`
    (when the speaker's encoder started, in real time) plus the media time of all segments."""
    while not stop.is_set():
        try:
            with urllib.request.urlopen(f"{base}{folder}/360p/live.m3u8", timeout=2) as answer:
                text = answer.read().decode()
            read_at = time.time()
            segments = hls.parse_run(text).segments
            if segments:
                last = segments[-1]
                replay = (out_dir / "360p" / hls.REPLAY_NAME).read_text()
                media_time = 0.0
                for segment in hls.parse_run(replay).segments:
                    media_time += segment.duration
                    if segment.uri == last.uri:
                        break
                delays.append(read_at - (started_at + media_time))
                pointers["segment"].write_text(f"{folder}/360p/{last.uri}\n")
        except OSError:
            pass
        stop.wait(0.5)


def publish_rtp(audio_port: int, video_port: int, *, seconds: int, tone: int) -> subprocess.Popen:
    """A speaker's browser as Janus forwards it: Opus and H.264 over RTP, a keyframe a second."""
    size = f"{composition.TILE_WIDTH}x{composition.TILE_HEIGHT}"
    return subprocess.Popen(
        [
            "ffmpeg", "-hide_banner", "-v", "error", "-nostdin", "-re",
            "-f", "lavfi", "-i", f"testsrc2=s={size}:r=25:d={seconds}",
            "-f", "lavfi", "-i", f"sine=frequency={tone}:sample_rate=48000:d={seconds}",
            "-map", "1:a", "-c:a", "libopus", "-b:a", "48k", "-payload_type", str(studio.AUDIO_PT),
            "-f", "rtp", f"rtp://127.0.0.1:{audio_port}",
            "-map", "0:v", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency",
            "-pix_fmt", "yuv420p", "-g", "25", "-b:v", "600k", "-threads", "1",
            "-payload_type", str(studio.VIDEO_PT), "-f", "rtp", f"rtp://127.0.0.1:{video_port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip


def stage_cpu(work: Path, speakers: int, seconds: int = 40) -> float:
    """% of a core the packager spends per second of stream, `speakers` feeds on air."""
    feeds, publishers = [], []
    for slot in range(speakers):
        audio_port, video_port = free_port(), free_port()
        path = work / f"slot-{speakers}-{slot}.sdp"
        path.write_text(studio.sdp(host="127.0.0.1", audio_port=audio_port, video_port=video_port))
        feeds.append((Feed(str(path), f"Intervenant {slot + 1}"), audio_port, video_port))
    packager = Packager(
        source=feeds[0][0].url,
        out_dir=work / f"cpu-{speakers}",
        log_path=work / f"cpu-{speakers}.log",
        input_options=studio.SDP_INPUT_OPTIONS,
    )
    if speakers > 1:
        packager.switch(tuple(feed for feed, _audio, _video in feeds))
    packager.start()
    time.sleep(1)
    for slot, (_feed, audio_port, video_port) in enumerate(feeds):
        publishers.append(
            publish_rtp(audio_port, video_port, seconds=seconds, tone=440 + 110 * slot)
        )
    run = packager.out_dir / hls.SOURCE.name / hls.run_name(1)

    def written() -> float:
        text = run.read_text() if run.exists() else ""
        return sum(segment.duration for segment in hls.parse_run(text).segments)

    try:
        deadline = time.monotonic() + seconds
        while written() < 2 * hls.SEGMENT_SECONDS and time.monotonic() < deadline:
            time.sleep(0.1)
        media_start, cpu_start = written(), cpu_seconds(packager.pid)
        media_end, cpu_end = media_start, cpu_start
        while time.monotonic() < deadline - 4:  # the publishers' last seconds left out
            time.sleep(0.1)
            media_end, cpu_end = written(), cpu_seconds(packager.pid)
    finally:
        for publisher in publishers:
            publisher.kill()
            publisher.wait()
        packager.stop(ended=False)
    if media_end <= media_start or packager.runs_started != 1:
        raise RuntimeError(f"the packager wrote no stream: see {work}/cpu-{speakers}.log")
    return (cpu_end - cpu_start) * 100 / (media_end - media_start)


def cpu_main() -> None:
    work = Path(tempfile.mkdtemp(prefix="usine-bench-forum-cpu-"))
    copied, composed = stage_cpu(work, 1), stage_cpu(work, 3)
    print("Forum packager, CPU per second of stream (goal ≤ 30 % of a core per stage):")
    print(f"  one speaker, copied      {copied:5.1f} %")
    print(
        f"  round table of three     {composed:5.1f} %  ({composition.CANVAS_WIDTH}x"
        f"{composition.CANVAS_HEIGHT}, {composition.FRAME_RATE} images/s)"
    )
    print(f"RESULT copied_cpu_pct={copied:.0f} round_table_cpu_pct={composed:.0f}")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] if ordered else float("nan")


def main() -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))
    work = Path(tempfile.mkdtemp(prefix="usine-bench-forum-"))
    work.chmod(0o755)  # nginx's workers run as nobody when started by root
    media = work / "media"
    out_dir = media / "forum" / "live" / "bench"
    port, srt_port = free_port(), free_port()
    (work / "nginx.conf").write_text(NGINX_CONF.format(dir=work, port=port, media=media))
    nginx = subprocess.Popen(["nginx", "-p", str(work), "-c", str(work / "nginx.conf"),
                              "-g", "daemon off;"])  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    packager = Packager(
        source=ingest.listener_url(host="127.0.0.1", port=srt_port, passphrase=PASSPHRASE),
        out_dir=out_dir,
        log_path=work / "packager.log",
    )
    packager.start()
    time.sleep(1)
    started_at = time.time()
    speaker = publish(
        ingest.caller_url(host="127.0.0.1", port=srt_port, passphrase=PASSPHRASE),
        seconds=WARMUP_S + 2 * LOAD_S + 15,
    )
    results: dict = {}
    delays: list[float] = []
    try:
        deadline = time.monotonic() + 30
        while not (out_dir / "live.m3u8").exists():
            if time.monotonic() > deadline:
                raise RuntimeError(f"no live playlist: see {work / 'packager.log'}")
            time.sleep(0.2)
        time.sleep(WARMUP_S)
        pid = packager.pid
        cpu_start, wall_start = cpu_seconds(pid), time.monotonic()

        folder = "/media/forum/live/bench"
        pointers = {"segment": work / "segment.txt", "playlist": work / "playlist.txt"}
        pointers["playlist"].write_text(f"{folder}/360p/live.m3u8\n")
        stop = threading.Event()
        watcher = threading.Thread(
            target=pointer_writer,
            args=(base, folder, out_dir, started_at, pointers, stop, delays),
            daemon=True,
        )
        watcher.start()
        time.sleep(1)
        first_segment = pointers["segment"].read_text().strip()
        loads = [
            threading.Thread(target=wrk, args=(base, pointers[key], first_segment, VIEWERS,
                                               results, key))
            for key in ("segment", "playlist")
        ]  # fmt: skip
        for thread in loads:
            thread.start()
        for thread in loads:
            thread.join()
        cpu_pct = (cpu_seconds(pid) - cpu_start) * 100 / (time.monotonic() - wall_start)
        stop.set()

        # The floor: nginx serving one segment as a plain static file, same viewers, same pace.
        shutil.copy(media / first_segment.removeprefix("/media/"), media / "floor.ts")
        floor = work / "floor.txt"
        floor.write_text("/media/floor.ts\n")
        wrk(base, floor, "/media/floor.ts", VIEWERS, results, "floor")

        # The talk ends: the replay must be a closed VOD playlist at once.
        ended_at = time.monotonic()
        packager.stop(ended=True)
        probe = subprocess.run(
            ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
             f"{base}{folder}/replay.m3u8"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        replay_ready_s = time.monotonic() - ended_at
        replay_s = float(probe.stdout.strip())
    finally:
        speaker.kill()
        if packager.running:
            packager.stop(ended=False)
        nginx.terminate()
        nginx.wait()

    latency_s = percentile(delays, 0.95) + HOLD_BACK_S
    errors = sum(row["errors"] for row in results.values())
    print(f"Forum live — {VIEWERS} viewers (360p, one playlist + one segment every 2 s), "
          f"{LOAD_S} s, nginx 2 workers")  # fmt: skip
    print(f"{'':10} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, row in results.items():
        print(
            f"{name:10} {row['requests']:9d} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f}"
            f" {row['p99_ms']:8.1f} {row['errors']:7d}"
        )
    print(
        f"live edge behind the camera p95 {percentile(delays, 0.95):.2f} s (+{HOLD_BACK_S} s"
        f" held back by the player) · packager {cpu_pct:.0f} % of a core · replay of"
        f" {replay_s:.0f} s ready in {replay_ready_s:.2f} s"
    )
    print(
        f"RESULT viewers={VIEWERS} segment_p95_ms={results['segment']['p95_ms']:.1f}"
        f" errors={errors} latency_s={latency_s:.1f} replay_ready_s={replay_ready_s:.2f}"
        f" packager_cpu_pct={cpu_pct:.0f} floor_p95_ms={results['floor']['p95_ms']:.1f}"
        f" playlist_p95_ms={results['playlist']['p95_ms']:.1f}"
    )


if __name__ == "__main__":
    cpu_main() if "--cpu" in sys.argv[1:] else main()
