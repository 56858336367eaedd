"""GET /api/town under concurrent load against the real ASGI server on PostgreSQL.

The same server is measured twice in one run: with the town JSON served from the cache (the normal
case) and with the cache disabled (bench/town_api_uncached_settings.py: every request rebuilds
the JSON from the database), which is the baseline. Then the floor: the very response the fair
sent (headers and gzip body) served by a bare ASGI application on the same uvicorn
(bench/town_api_floor.py). `ratio` = cached req/s over the floor's, a figure that carries over to
another machine where req/s does not. Load comes from wrk, pinned to the other core where
possible.
"""

import base64
import json
import os
import re
import subprocess
import tempfile
import urllib.request

# bench/ is on sys.path when a benchmark runs as `python bench/NAME.py`.
from _server import postgres, prepared_env, server

DURATION_S = 10
CONNECTIONS = 16
WRK_SCRIPT = """
wrk.headers["Accept-Encoding"] = "gzip"
done = function(summary, latency, requests)
  io.write(string.format("P50 %d\\nP95 %d\\nP99 %d\\n",
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
  io.write(string.format("ERRORS %d\\n", summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def load(url: str) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    pin = ["taskset", "-c", "1"] if os.cpu_count() and os.cpu_count() > 1 else []
    # Warm up (first build, connections), then measure.
    subprocess.run([*pin, "wrk", "-t1", "-c4", "-d2s", url], check=True, capture_output=True)
    out = subprocess.run(
        [*pin, "wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION_S}s", "-s", script.name, url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": int(re.search(r"P50 (\d+)", out).group(1)) / 1000,
        "p95_ms": int(re.search(r"P95 (\d+)", out).group(1)) / 1000,
        "p99_ms": int(re.search(r"P99 (\d+)", out).group(1)) / 1000,
        "errors": int(re.search(r"ERRORS (\d+)", out).group(1)),
    }


def capture(url: str, folder: str) -> str:
    """The fair's answer to wrk's request (gzip accepted), saved for the floor; its file."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        body = response.read()
        headers = [[k, v] for k, v in response.getheaders() if k.lower() not in ("date", "server")]
    if response.headers.get("Content-Encoding") != "gzip":
        raise RuntimeError("the town JSON was not sent compressed")
    path = os.path.join(folder, "town-response.json")
    with open(path, "w") as saved:
        json.dump({"headers": headers, "body": base64.b64encode(body).decode()}, saved)
    return path


def main() -> None:
    rows = {}
    with postgres() as database_url:
        env = prepared_env(database_url=database_url)
        # One uvicorn worker pinned to core 0 ("one core with PostgreSQL"), wrk on core 1.
        for name, extra in (
            ("cached", {}),
            ("uncached", {"DJANGO_SETTINGS_MODULE": "bench.town_api_uncached_settings"}),
        ):
            with server(env, cpus="0", **extra) as base:
                rows[name] = load(f"{base}/api/town")
                if name == "cached":
                    saved = capture(f"{base}/api/town", env["USINE_DATA_DIR"])
        with server(
            env, cpus="0", app="bench.town_api_floor:application", BENCH_RESPONSE=saved
        ) as base:
            rows["floor"] = load(f"{base}/api/town")
    print(
        f"GET /api/town — {CONNECTIONS} connections, {DURATION_S} s, PostgreSQL, 1 uvicorn worker"
    )
    print(f"{'':10} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, row in rows.items():
        print(
            f"{name:10} {row['rps']:9.0f} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f}"
            f" {row['p99_ms']:8.1f} {row['errors']:7d}"
        )
    ratio = rows["cached"]["rps"] / rows["floor"]["rps"]
    uptime = subprocess.run(
        ["uptime"], capture_output=True, text=True, env={**os.environ, "TZ": "UTC"}
    ).stdout.strip()
    print(f"ratio (cached / floor): {ratio:.2f} · uptime: {uptime}")
    print(
        f"RESULT ratio={ratio:.2f} floor_rps={rows['floor']['rps']:.0f}"
        f" cached_rps={rows['cached']['rps']:.0f} uncached_rps={rows['uncached']['rps']:.0f}"
        f" p95_ms={rows['cached']['p95_ms']:.1f} uncached_p95_ms={rows['uncached']['p95_ms']:.1f}"
        f" errors={sum(row['errors'] for row in rows.values())}"
    )


if __name__ == "__main__":
    main()
