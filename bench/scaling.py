"""Does a second web worker help? Reads and a booking burst with 1 then 2 workers behind nginx,
and anonymous reads through nginx's front cache; where the CPU went in each phase.

    .venv/bin/python bench/scaling.py [--seconds 10] [--attempts 1000]

Starts the production form itself (tests/servers.py `production_form`: nginx in front of N
uvicorn workers on Unix sockets, as `make run-production`) on a throwaway PostgreSQL and Redis
with the demo edition, once with 1 worker and once with 2. For each:
- reads: wrk (2 threads, 32 connections) GETs the town's JSON and the demo's building pages in
  turn as a signed-in teacher (a session cookie: nginx's front cache is bypassed, every request
  reaches Django);
- bookings: bench/booking_race.py's burst (`fire`: --attempts distinct teachers book their class
  at one 30-place slot, 20 in flight), through nginx; bookings/s counts answered attempts.
Then, with 2 workers, the same reads anonymous: nginx answers from its front cache. Each form
first serves the reads unmeasured for WARM_UP_S (code, templates, the shared cache).

The load generators (wrk, the burst's httpx in this process) run on the same 2 cores as the
servers, so each phase prints where the machine's CPU went, in % of one core (200 = the whole
machine): the web workers, PostgreSQL (its postmaster and every backend), nginx (master and
workers), Redis, the load generator, and the rest (whatever else runs on the machine: it is
shared). And the rate per core of worker CPU (requests a second over the workers' cores): equal
with 1 and 2 workers (ratio ≈ 1) means a request costs a worker the same CPU either way — the
workers scale, and the rate is capped by the CPU they get (2 cores minus the others' shares); a
ratio well below 1 means something of ours (a lock, a queue, a single-threaded part) makes each
request dearer with two.

Last line: RESULT reads_rps_1=… reads_rps_2=… cached_reads_rps=… bookings_per_s_1=…
bookings_per_s_2=… reads_ratio=… bookings_ratio=… reads_per_worker_core_ratio=…
bookings_per_worker_core_ratio=… reads_cpu_workers_2=… reads_cpu_pg_2=… reads_cpu_nginx_2=…
reads_cpu_loadgen_2=… reads_cpu_other_2=… bookings_cpu_workers_2=… bookings_cpu_pg_2=…
(CPU figures in % of one core)
"""

import argparse
import asyncio
import contextlib
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
from idle_sockets import children, proc_stat

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


def processes() -> dict[int, tuple[int, float]]:
    """Every process's (parent, CPU seconds of its own and of its reaped children: a gone
    child's time is in its parent's cutime and cstime, a living one's in its own stat)."""
    found = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                fields = proc_stat(int(entry.name))
                found[int(entry.name)] = (int(fields[1]), sum(map(int, fields[11:15])) / tick)
    return found


def tree_cpu(roots: list[int], table: dict[int, tuple[int, float]]) -> float:
    """CPU seconds of `roots` and all their descendants, living or gone."""
    kids: dict[int, list[int]] = {}
    for pid, (parent, _cpu) in table.items():
        kids.setdefault(parent, []).append(pid)
    total, todo = 0.0, list(roots)
    while todo:
        pid = todo.pop()
        total += table.get(pid, (0, 0.0))[1]
        todo += kids.get(pid, [])
    return total


def postmaster(database_url: str) -> int:
    """The PostgreSQL server listening on the URL's port (pg_ctl started it: not our child)."""
    port = f"-p\0{database_url.rsplit(':', 1)[1].split('/', 1)[0]}\0".encode()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                command = (entry / "cmdline").read_bytes()
                if b"postgres" in command.split(b"\0", 1)[0] and port in command:
                    return int(entry.name)
    raise RuntimeError("no PostgreSQL server found")


def named_child(name: bytes) -> int:
    for pid in children(os.getpid()):
        with contextlib.suppress(OSError):
            if name in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0", 1)[0]:
                return pid
    raise RuntimeError(f"no {name.decode()} process found")


class Usage:
    """Where the machine's CPU goes while a phase runs, in cores: `parts` maps a name to the
    roots of its process trees; the load generator is this process and its waited children
    (wrk); "other" is the machine's busy time minus all of them."""

    def __init__(self, parts: dict[str, list[int]]):
        self.parts = parts

    def __enter__(self):
        table = processes()
        self.began = {name: tree_cpu(pids, table) for name, pids in self.parts.items()}
        self.loadgen = self._ours()
        self.busy, self.started = busy_seconds(), time.monotonic()
        self.cores: dict[str, float] = {}
        return self

    @staticmethod
    def _ours() -> float:
        return sum(
            usage.ru_utime + usage.ru_stime
            for usage in map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
        )

    def __exit__(self, *_exc):
        elapsed = time.monotonic() - self.started
        loadgen, busy = self._ours() - self.loadgen, busy_seconds() - self.busy
        table = processes()
        for name, pids in self.parts.items():
            self.cores[name] = (tree_cpu(pids, table) - self.began[name]) / elapsed
        self.cores["load generator"] = loadgen / elapsed
        self.cores["other"] = max(busy / elapsed - sum(self.cores.values()), 0.0)
        self.cores["machine"] = busy / elapsed


WARM_UP_S = 3
PARTS = ["workers", "PostgreSQL", "nginx", "Redis", "load generator", "other", "machine"]


def wrk(url: str, paths: list[str], seconds: int, cookie: str | None) -> dict:
    """wrk's figures. A request waits up to 30 s for its answer (wrk's default, 2 s, dropped
    the slow ones from the rate although a worker had spent its CPU on them)."""
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(WRK_SCRIPT % ", ".join(f'"{p}"' for p in paths))
    headers = ["-H", f"Cookie: sessionid={cookie}"] if cookie else []
    out = subprocess.run(
        ["wrk", "-t2", "-c32", f"-d{seconds}s", "--timeout", "30s", "--latency", "-s", str(script),
         *headers, url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return {
        "rate": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p99_ms": int(re.search(r"^P99 (\d+)", out, re.M).group(1)) / 1000,
        "errors": int(re.search(r"^ERRORS (\d+)", out, re.M).group(1))
        + int(m.group(1) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0),
    }


def measured(parts: dict[str, list[int]], run) -> dict:
    """`run()`'s figures with the CPU of each part meanwhile (`cpu`, in cores) and the rate per
    core of worker CPU."""
    with Usage(parts) as usage:
        figures = run()
    workers = usage.cores["workers"]
    return {**figures, "cpu": usage.cores, "per_worker_core": figures["rate"] / max(workers, 1e-9)}


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
        pg = postmaster(database_url)
        redis_pid = named_child(b"redis-server")
        for hour, workers in enumerate((1, 2), start=8):
            slot_id = new_slot(hour)
            with production_form(env, folder / f"form-{workers}", workers=workers) as form:
                nginx = int((form.folder / "nginx" / "nginx.pid").read_text())
                parts = {
                    "workers": [worker.pid for worker in form.workers],
                    "PostgreSQL": [pg],
                    "nginx": [nginx],
                    "Redis": [redis_pid],
                }
                # Unmeasured: each worker loads its code and templates, and the shared cache
                # fills, before either form is measured (else the first form, 1 worker, pays
                # for what the second finds ready).
                wrk(form.url, paths, WARM_UP_S, people[0][1])
                reads = measured(parts, lambda: wrk(form.url, paths, options.seconds, people[0][1]))

                def burst(slot_id=slot_id, url=form.url):
                    figures = asyncio.run(fire(url, people, slot_id, 20))
                    return {**figures, "rate": figures["per_s"]}

                bookings = measured(parts, burst)
                rows[workers] = {"reads": reads, "bookings": {**bookings, **check(slot_id)}}
                if workers == 2:
                    rows["cached"] = measured(
                        parts, lambda: wrk(form.url, paths, options.seconds, None)
                    )
        from django.db import connections

        connections.close_all()
    report(rows, paths, options)


def report(rows: dict, paths: list[str], options) -> None:
    print(
        f"paths: {' '.join(paths)} · wrk -t2 -c32 -d{options.seconds}s --timeout 30s,"
        " on the same 2 cores"
    )
    print(f"{options.attempts} booking attempts at one {CAPACITY}-place slot, 20 in flight")
    print(f"{'':22} {'per s':>7} {'p99 ms':>7} {'errors':>6}  per core of worker CPU")
    phases = [
        ("reads, 1 worker", rows[1]["reads"]),
        ("reads, 2 workers", rows[2]["reads"]),
        ("reads, front cache", rows["cached"]),
        ("bookings, 1 worker", rows[1]["bookings"]),
        ("bookings, 2 workers", rows[2]["bookings"]),
    ]
    for name, r in phases:
        errors = r["errors"] if "errors" in r else r["errors_5xx"]
        # The front cache's answers are nginx's: no worker's CPU to divide by.
        per_core = "      -" if r is rows["cached"] else f"{r['per_worker_core']:7.0f}"
        print(f"{name:22} {r['rate']:7.0f} {r['p99_ms']:7.1f} {errors:6}  {per_core}")
    for workers in (1, 2):
        b = rows[workers]["bookings"]
        print(f"  bookings, {workers} worker(s): {b['succeeded']} booked, {b['oversold']} oversold")
    print("CPU during each phase, % of one core (200 = the whole machine; it is shared):")
    print(f"{'':22}" + "".join(f" {part[:10]:>10}" for part in PARTS))
    for name, r in phases:
        print(f"{name:22}" + "".join(f" {r['cpu'][part] * 100:10.0f}" for part in PARTS))
    reads_1, reads_2 = rows[1]["reads"], rows[2]["reads"]
    book_1, book_2 = rows[1]["bookings"], rows[2]["bookings"]
    reads_core = reads_2["per_worker_core"] / reads_1["per_worker_core"]
    book_core = book_2["per_worker_core"] / book_1["per_worker_core"]
    for what, one, two, per_core in [
        ("reads", reads_1, reads_2, reads_core),
        ("bookings", book_1, book_2, book_core),
    ]:
        print(
            f"{what}: 2 workers / 1 = {two['rate'] / one['rate']:.2f} x the rate, with "
            f"{two['cpu']['workers'] / max(one['cpu']['workers'], 1e-9):.2f} x the workers' CPU "
            f"({one['cpu']['workers'] * 100:.0f} → {two['cpu']['workers'] * 100:.0f} % of a "
            f"core); per core of worker CPU {per_core:.2f} x"
        )
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"goal: 2 workers ≥ 1.7 x one, cached ≥ 5,000 req/s · uptime: {uptime}")
    cpu = {phase: rows[2][phase]["cpu"] for phase in ("reads", "bookings")}
    print(
        f"RESULT reads_rps_1={reads_1['rate']:.0f} reads_rps_2={reads_2['rate']:.0f}"
        f" cached_reads_rps={rows['cached']['rate']:.0f}"
        f" bookings_per_s_1={book_1['rate']:.0f} bookings_per_s_2={book_2['rate']:.0f}"
        f" reads_ratio={reads_2['rate'] / reads_1['rate']:.2f}"
        f" bookings_ratio={book_2['rate'] / book_1['rate']:.2f}"
        f" reads_per_worker_core_ratio={reads_core:.2f}"
        f" bookings_per_worker_core_ratio={book_core:.2f}"
        f" reads_cpu_workers_2={cpu['reads']['workers'] * 100:.0f}"
        f" reads_cpu_pg_2={cpu['reads']['PostgreSQL'] * 100:.0f}"
        f" reads_cpu_nginx_2={cpu['reads']['nginx'] * 100:.0f}"
        f" reads_cpu_loadgen_2={cpu['reads']['load generator'] * 100:.0f}"
        f" reads_cpu_other_2={cpu['reads']['other'] * 100:.0f}"
        f" bookings_cpu_workers_2={cpu['bookings']['workers'] * 100:.0f}"
        f" bookings_cpu_pg_2={cpu['bookings']['PostgreSQL'] * 100:.0f}"
    )


if __name__ == "__main__":
    main()
