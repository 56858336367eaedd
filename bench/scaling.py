"""Does a second web worker help? Reads and a booking burst with 1 then 2 workers behind nginx,
and anonymous reads through nginx's front cache.

    .venv/bin/python bench/scaling.py [--seconds 10] [--attempts 1000]

Starts the production form itself (tests/servers.py `production_form`: nginx in front of N
uvicorn workers on Unix sockets, as `make run-production`) on a throwaway PostgreSQL and Redis
with the demo edition, once with 1 worker and once with 2. For each:
- reads: wrk (2 threads, 32 connections) GETs the town's JSON and the demo's building pages in
  turn as a signed-in teacher (a session cookie: nginx's front cache is bypassed, every request
  reaches Django);
- bookings: bench/booking_race.py's burst (`fire`: --attempts distinct teachers book their class
  at one 30-place slot, 20 in flight), through nginx; bookings/s counts answered attempts.
Then, with 2 workers, the same reads anonymous: nginx answers from its front cache.

The load generators (wrk, httpx) run on the same 2 cores as the servers: their CPU is taken from
the workers', so the ratio 2 workers / 1 is below what separate client machines would show. The
reads say where the machine's CPU went (in cores): the web workers, wrk, and the rest (nginx,
PostgreSQL, Redis, anything else running): with 2 workers, 2 cores minus wrk's and the rest's
share is what the workers can get.

Last line: RESULT reads_rps_1=… reads_rps_2=… cached_reads_rps=… bookings_per_s_1=…
bookings_per_s_2=… reads_ratio=… bookings_ratio=… reads_cpu_workers_2=… reads_cpu_wrk_2=…
reads_cpu_other_2=…
"""

import argparse
import asyncio
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# bench/ is on sys.path when a benchmark runs as `python bench/NAME.py`.
from _server import ROOT, manage, postgres
from booking_race import CAPACITY, check, create_people, fire, new_slot, prepare
from pages import cpu_seconds

sys.path.insert(0, str(ROOT))

WRK_SCRIPT = """
local paths = {%s}
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[n %% #paths + 1])
end
done = function(summary, latency, requests)
  io.write(string.format("P99 %%d\\nERRORS %%d\\n", latency:percentile(99),
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
"""


def read_paths() -> list[str]:
    from usine.fair.models import Building

    slugs = Building.objects.values_list("slug", flat=True)[:8]
    return ["/api/town", *(f"/batiments/{slug}/" for slug in slugs)]


def people_of_the_demo(count: int) -> list[tuple[int, str]]:
    """booking_race's teachers, with their classes on the demo edition (the one open edition,
    renamed as booking_race's `new_slot` expects): the reads see the demo's town."""
    from usine.fair.models import Edition
    from usine.schools.models import SchoolClass

    demo = Edition.objects.get(state=Edition.State.OPEN)
    Edition.objects.filter(pk=demo.pk).update(state=Edition.State.DRAFT)
    people = create_people(count)
    bench = Edition.objects.get(slug="banc")
    SchoolClass.objects.filter(edition=bench).update(edition=demo)
    bench.delete()
    Edition.objects.filter(pk=demo.pk).update(state=Edition.State.OPEN, slug="banc")
    return people


def busy_seconds() -> float:
    """CPU time the whole machine spent busy so far (every core, every process)."""
    fields = [int(n) for n in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def wrk(url: str, paths: list[str], seconds: int, cookie: str | None, workers=()) -> dict:
    """wrk's figures, with where the CPU went meanwhile (in cores): the web workers, wrk itself
    and everything else busy on the machine (nginx, PostgreSQL, Redis, and other work)."""
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(WRK_SCRIPT % ", ".join(f'"{p}"' for p in paths))
    headers = ["-H", f"Cookie: sessionid={cookie}"] if cookie else []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers_before = [cpu_seconds(process.pid) for process in workers]
    busy_before, started = busy_seconds(), time.monotonic()
    out = subprocess.run(
        ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency", "-s", str(script), *headers, url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    elapsed = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    wrk_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    workers_cpu = sum(
        cpu_seconds(process.pid) - was for process, was in zip(workers, workers_before, strict=True)
    )
    busy = busy_seconds() - busy_before
    return {
        "cpu_workers": workers_cpu / elapsed,
        "cpu_wrk": wrk_cpu / elapsed,
        "cpu_other": max(busy - workers_cpu - wrk_cpu, 0) / elapsed,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p99_ms": int(re.search(r"^P99 (\d+)", out, re.M).group(1)) / 1000,
        "errors": int(re.search(r"^ERRORS (\d+)", out, re.M).group(1))
        + int(m.group(1) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="each wrk run")
    parser.add_argument("--attempts", type=int, default=1000, help="booking attempts a burst")
    options = parser.parse_args()
    from tests.servers import production_form, redis_server

    folder = Path(tempfile.mkdtemp(prefix="usine-bench-scaling-"))
    rows = {}
    with postgres() as database_url, redis_server(folder) as redis:
        env = {
            **os.environ,
            "USINE_DATA_DIR": str(folder / "data"),
            "DATABASE_URL": database_url,
            "REDIS_URL": redis,
            "SECRET_KEY": "bench-" * 8,
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "LOG_LEVEL": "ERROR",
            "DJANGO_SETTINGS_MODULE": "usine.settings",
        }
        prepare(env)
        manage(env, "load_demo", "--no-videos")
        people = people_of_the_demo(options.attempts)
        paths = read_paths()
        for hour, workers in enumerate((1, 2), start=8):
            slot_id = new_slot(hour)
            with production_form(env, folder / f"form-{workers}", workers=workers) as form:
                reads = wrk(form.url, paths, options.seconds, people[0][1], form.workers)
                burst = asyncio.run(fire(form.url, people, slot_id, 20))
                rows[workers] = {"reads": reads, "burst": {**burst, **check(slot_id)}}
                if workers == 2:
                    rows["cached"] = wrk(form.url, paths, options.seconds, None)
        from django.db import connections

        connections.close_all()

    print(f"paths: {' '.join(paths)} · wrk -t2 -c32 -d{options.seconds}s, on the same 2 cores")
    # CPU in cores (2 = the whole machine): the workers', wrk's and the rest's (nginx, PostgreSQL,
    # Redis and whatever else runs on the machine meanwhile).
    print(
        f"{'':24} {'req/s':>8} {'p99 ms':>7} {'errors':>6}"
        f" {'cpu workers':>11} {'cpu wrk':>7} {'cpu other':>9}"
    )
    for workers in (1, 2):
        r = rows[workers]["reads"]
        print(
            f"{f'reads, {workers} worker(s)':24} {r['rps']:8.0f} {r['p99_ms']:7.1f} {r['errors']:6}"
            f" {r['cpu_workers']:11.2f} {r['cpu_wrk']:7.2f} {r['cpu_other']:9.2f}"
        )
    r = rows["cached"]
    print(f"{'reads, front cache':24} {r['rps']:8.0f} {r['p99_ms']:7.1f} {r['errors']:6}")
    print(f"{options.attempts} booking attempts at one {CAPACITY}-place slot, 20 in flight")
    print(f"{'':24} {'per s':>8} {'p99 ms':>7} {'5xx':>6} {'booked':>6} {'oversold':>8}")
    for workers in (1, 2):
        b = rows[workers]["burst"]
        print(
            f"{f'bookings, {workers} worker(s)':24} {b['per_s']:8.0f} {b['p99_ms']:7.0f}"
            f" {b['errors_5xx']:6} {b['succeeded']:6} {b['oversold']:8}"
        )
    reads_1, reads_2 = rows[1]["reads"]["rps"], rows[2]["reads"]["rps"]
    book_1, book_2 = rows[1]["burst"]["per_s"], rows[2]["burst"]["per_s"]
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"goal: 2 workers ≥ 1.7 x one, cached ≥ 5,000 req/s · uptime: {uptime}")
    print(
        f"RESULT reads_rps_1={reads_1:.0f} reads_rps_2={reads_2:.0f}"
        f" cached_reads_rps={rows['cached']['rps']:.0f} bookings_per_s_1={book_1:.0f}"
        f" bookings_per_s_2={book_2:.0f} reads_ratio={reads_2 / reads_1:.2f}"
        f" reads_cpu_workers_2={rows[2]['reads']['cpu_workers']:.2f}"
        f" reads_cpu_wrk_2={rows[2]['reads']['cpu_wrk']:.2f}"
        f" reads_cpu_other_2={rows[2]['reads']['cpu_other']:.2f}"
        f" bookings_ratio={book_2 / book_1:.2f}"
    )


if __name__ == "__main__":
    main()
