"""The fair's anonymous figures at the scale of a 100,000-visitor week, on PostgreSQL.

    .venv/bin/python bench/insights.py [--events 5000000] [--seconds 6]

1. Ingest at peak: events recorded through `insights.recording.record` (the call behind every
   counter report, quiz played, question asked: into the process's buffer) and written in bulk
   by `flush` (COPY on PostgreSQL), beside the baseline measured in the same run: one INSERT
   per event (autocommit, as a naive counter would do).
2. The rest of the week up to --events, generated inside PostgreSQL, then rolled up per day as
   the task worker does (the raw events of past days deleted).
3. Every dashboard (organizers, an exhibitor, a teacher) read from the roll-ups, timed.
4. A page's p95 without events and with them: the same building page load (a pupil in session,
   wrk at saturation) on two servers taken in turn, one counting nothing (INSIGHTS_COUNTING off)
   and one counting: its pages count their own visit as they are rendered (a page with a session
   is never front-cached) while the counter reports anonymous visitors' pages at the rate of the
   fair's busiest hour (PEAK_EVENTS_PER_S below, all of the fair's events: more than the fair
   sends beside the pupils' pages). The phases are taken in turn ROUNDS times and each phase's
   p95 is the median of its rounds (other work on a shared machine drifts: alternating spreads
   it over both). Beside the p95, the server's CPU time per page served in each phase (the
   events' included): steadier than latencies when other work shares the machine. Each round
   also loads the counting server's pages without reports: what a page counting itself costs
   (counted_page_cpu_ratio), and so what a report costs beside the pages (report_cpu_ms).
5. The counter's reports alone at ten times the peak rate: the server's CPU per report when it
   serves nothing else (report_alone_cpu_ms).

Last line: RESULT events=… ingest_events_per_s=… baseline_events_per_s=… ingest_ratio=…
page_p95_ms_with_events=… page_p95_ms_without_events=… page_p95_ratio=… page_cpu_ratio=…
counted_page_cpu_ratio=… report_cpu_ms=… report_alone_cpu_ms=… counter_events_per_s=…
dashboard_ms=… rollup_s=…
"""

import argparse
import contextlib
import datetime
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from _server import ROOT, postgres, server
from pages import (
    WRK_SCRIPT,
    class_in_session,
    cpu_seconds,
    load,
    prepare,
    videos_ready,
)

BASELINE_EVENTS = 3_000
RECORDED_EVENTS = 50_000
# The counter's reports at the fair's busiest hour, from the fair the issue sizes (100,000
# visitors, 5 million events in five days, whatever --events this run generates): open 8 to 18 h
# (fill_week), the busiest day half again the average day and its busiest hour half again the
# day's average hour: 5,000,000 / 5 / 10 / 3,600 * 1.5 * 1.5 ≈ 62 events a second, all sent to
# the one server measured (the design point is one 2-core host). A building's report records two
# events (the page and the building: usine/insights/counting.py), so ≈ 31 reports a second.
FAIR_EVENTS = 5_000_000
PEAK_EVENTS_PER_S = FAIR_EVENTS / 5 / 10 / 3600 * 1.5 * 1.5
EVENTS_PER_REPORT = 2
# Reports come from many browsers at once: enough in flight to keep the rate while each waits
# behind the pages (up to a second on a loaded machine).
COUNTER_CLIENTS = 32
ROUNDS = 5


def ingest(edition, buildings) -> tuple[float, float]:
    """Events per second: batched (record + flush) and one INSERT per event."""
    from django.utils import timezone

    from usine.insights import recording
    from usine.insights.models import Event, Kind, VisitorKind

    now = timezone.now()
    started = time.perf_counter()
    for number in range(BASELINE_EVENTS):
        Event.objects.create(
            edition=edition,
            kind=Kind.BUILDING,
            building=buildings[number % len(buildings)],
            visitor_kind=VisitorKind.PUBLIC,
            visitor=f"{number:016x}",
            at=now,
        )
    baseline = BASELINE_EVENTS / (time.perf_counter() - started)

    from django.conf import settings

    settings.INSIGHTS_FLUSH_SECONDS = 3600  # the buffer is written by flush() below alone
    started = time.perf_counter()
    for number in range(RECORDED_EVENTS):
        recording.record(
            kind=Kind.BUILDING, edition=edition, building=buildings[number % len(buildings)]
        )
        if number % 2000 == 1999:
            recording.flush()
    recording.flush()
    batched = RECORDED_EVENTS / (time.perf_counter() - started)
    return batched, baseline


def fill_week(edition, total: int) -> None:
    """The rest of the week's events, made by PostgreSQL itself: five days, 8 to 18 h, every
    building, a tenth of them testimonials, visitors of all kinds."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO insights_event (edition_id, kind, page, building_id, testimonial_id,
                trade_id, visitor_kind, level, school_type, departement, device, at, amount,
                visitor)
            SELECT %(edition)s,
                   CASE WHEN n %% 10 = 0 THEN 'page' ELSE 'building' END,
                   CASE WHEN n %% 10 = 0 THEN 'town' ELSE '' END,
                   CASE WHEN n %% 10 = 0 THEN NULL
                        ELSE (SELECT ids[1 + n %% array_length(ids, 1)]) END,
                   NULL, NULL,
                   CASE WHEN n %% 3 = 0 THEN 'pupil' ELSE 'public' END,
                   CASE WHEN n %% 3 = 0 THEN '3e' ELSE '' END,
                   CASE WHEN n %% 3 = 0 THEN 'college' ELSE '' END,
                   CASE WHEN n %% 3 = 0 THEN lpad((n %% 95 + 1)::text, 2, '0') ELSE '' END,
                   (ARRAY['computer', 'phone', 'tablet'])[1 + n %% 3],
                   %(start)s::timestamptz + (n %% 5) * interval '1 day'
                       + ((n / 5) %% 36000) * interval '1 second',
                   0,
                   lpad(to_hex((n / 7) %% 20000 + (n %% 5) * 20000), 16, '0')
            FROM generate_series(1, %(count)s) AS n,
                 (SELECT array_agg(id) AS ids FROM fair_building WHERE edition_id = %(edition)s) b
            """,
            {
                "edition": edition.pk,
                "count": total,
                "start": datetime.datetime.combine(
                    edition.starts_on, datetime.time(8), tzinfo=datetime.UTC
                ),
            },
        )


def dashboards(edition) -> dict[str, float]:
    """Milliseconds of each dashboard's figures (the best of three reads)."""
    from usine.exhibits.models import Exhibitor
    from usine.insights import dashboards as pages
    from usine.schools.models import Teacher

    company = Exhibitor.objects.select_related("company").first().company
    teacher = Teacher.objects.first()

    def organizer():
        page = pages.organizer_page(edition=edition)
        for table in page["tables"]:
            table.bars  # noqa: B018 (the chart is part of the page)

    readers = {
        "organizer": organizer,
        "exhibitor": lambda: pages.exhibitor_page(company=company),
        "teacher": lambda: pages.teacher_page(teacher=teacher),
    }
    timings = {}
    for name, read in readers.items():
        best = float("inf")
        for _ in range(3):
            started = time.perf_counter()
            read()
            best = min(best, time.perf_counter() - started)
        timings[name] = best * 1000
    return timings


class Counter:
    """The pages' counter at a fixed rate: building reports posted on a schedule (a late one is
    sent at once, never skipped), from COUNTER_CLIENTS keep-alive connections."""

    def __init__(self, base: str, slug: str, *, per_second: float):
        self.address = urllib.parse.urlsplit(base).netloc
        self.body = json.dumps({"kind": "building", "building": slug, "width": 1280})
        self.per_second = per_second
        self.sent = [0] * COUNTER_CLIENTS
        self.failed = [0] * COUNTER_CLIENTS
        self.seconds = 0.0
        self._stop = threading.Event()
        self._threads = []

    def __enter__(self):
        self._stop.clear()
        self._started = time.monotonic()
        self._threads = [
            threading.Thread(target=self._post, args=(number,), daemon=True)
            for number in range(COUNTER_CLIENTS)
        ]
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for thread in self._threads:
            thread.join()
        self.seconds += time.monotonic() - self._started

    def _post(self, number: int) -> None:
        interval = COUNTER_CLIENTS / self.per_second
        due = self._started + number / self.per_second
        connection = http.client.HTTPConnection(self.address, timeout=30)
        headers = {
            "Content-Type": "application/json",
            "Origin": f"http://{self.address}",
            "User-Agent": f"banc-compteur-{number}",
        }
        while not self._stop.is_set():
            wait = due - time.monotonic()
            if wait > 0 and self._stop.wait(wait):
                break
            due += interval
            try:
                connection.request("POST", "/api/compte", self.body, headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                connection.close()  # reconnects at the next request
                self.failed[number] += 1
                continue
            if response.status == 204:
                self.sent[number] += 1
            else:
                self.failed[number] += 1
        connection.close()


def measure(url: str, cookie: str, *, pid: int, seconds: int, connections: int) -> dict:
    """The page at saturation for `seconds` (wrk on core 1): its p95, and the server's CPU time
    per page served meanwhile."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    pin = ["taskset", "-c", "1"] if (os.cpu_count() or 1) > 1 else []
    cpu = cpu_seconds(pid)
    out = subprocess.run(
        # A loaded machine answers in seconds at times: wrk's 2 s timeout would drop the slowest
        # pages from the p95.
        [
            *pin,
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "-s",
            script.name,
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "BENCH_COOKIE": cookie},
    ).stdout
    cpu = cpu_seconds(pid) - cpu
    pages = int(re.search(r"(\d+) requests in", out).group(1))
    if int(re.search(r"ERRORS (\d+)", out).group(1)):
        raise SystemExit(f"the page failed meanwhile:\n{out}")
    return {
        "p95_ms": int(re.search(r"P95 (\d+)", out).group(1)) / 1000,
        "cpu_ms_per_page": cpu * 1000 / max(pages, 1),
        "cpu_s": cpu,
        "pages": pages,
    }


def reports_alone(base: str, slug: str, *, pid: int, seconds: int) -> float:
    """The server's CPU per report when it serves nothing else (ms), at ten times the peak
    rate: what one report costs, uvicorn and the flusher's share included."""
    counter = Counter(base, slug, per_second=PEAK_EVENTS_PER_S / EVENTS_PER_REPORT * 10)
    cpu = cpu_seconds(pid)
    with counter:
        time.sleep(seconds)
    if sum(counter.failed):
        raise SystemExit(f"{sum(counter.failed)} of the counter's reports failed")
    return (cpu_seconds(pid) - cpu) * 1000 / max(sum(counter.sent), 1)


def pid_of(base: str) -> int:
    """The uvicorn process serving `base` (a child of this one)."""
    port = f"{urllib.parse.urlsplit(base).port}".encode()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                command = (entry / "cmdline").read_bytes().split(b"\0")
                if parent == os.getpid() and b"uvicorn" in command[2:3] and port in command:
                    return int(entry.name)
    raise RuntimeError(f"no uvicorn process serving {base}")


def step(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5_000_000)
    parser.add_argument("--seconds", type=int, default=6)
    parser.add_argument("--connections", type=int, default=8)
    options = parser.parse_args()
    with postgres() as database_url, contextlib.ExitStack() as stack:
        env = {
            **os.environ,
            "USINE_DATA_DIR": tempfile.mkdtemp(prefix="usine-bench-"),
            "DATABASE_URL": database_url,
            "LOG_LEVEL": "ERROR",
        }
        step("migrate, demo edition, static files")
        prepare(env)
        videos_ready()
        from django.contrib.auth import get_user_model
        from django.utils import timezone

        from usine.fair.models import Building, Edition
        from usine.insights import rollup
        from usine.schools.models import School, Teacher

        edition = Edition.objects.get(state=Edition.State.OPEN)
        buildings = list(Building.objects.filter(edition=edition))
        step("ingest: one INSERT per event, then record + bulk flush")
        batched, baseline = ingest(edition, buildings)
        recorded = RECORDED_EVENTS + BASELINE_EVENTS
        step("the rest of the week, generated in PostgreSQL")
        started = time.perf_counter()
        fill_week(edition, max(options.events - recorded, 0))
        fill_s = time.perf_counter() - started
        step("roll-up")
        started = time.perf_counter()
        after_week = datetime.datetime.combine(
            edition.ends_on + datetime.timedelta(days=1), datetime.time(12), tzinfo=datetime.UTC
        )
        # Every day but the last closed (its raw events deleted), the last one live.
        rollup.roll_up(now=after_week - datetime.timedelta(days=1))
        rollup_s = time.perf_counter() - started
        step("dashboards")
        timings = dashboards(edition)

        user = get_user_model().objects.create_user("banc-prof", "banc-prof@example.org")
        teacher = Teacher.objects.create(
            user=user, school=School.objects.first(), email_confirmed_at=timezone.now()
        )
        _class, _booking, pupils = class_in_session(
            teacher=teacher, edition=edition, name="3e Banc", started=datetime.timedelta(minutes=20)
        )
        from django.db import connections

        connections.close_all()
        cpus = "0" if (os.cpu_count() or 1) > 1 else None
        # Both on the same core, one loaded at a time.
        base_off = stack.enter_context(server(env, cpus=cpus, INSIGHTS_COUNTING="0"))
        base = stack.enter_context(server(env, cpus=cpus))
        building = buildings[0]
        path = f"/batiments/{building.slug}/"
        cookie = f"sessionid={pupils[0]}"
        step(f"building page p95, without then with events, {ROUNDS} rounds")
        counter = Counter(base, building.slug, per_second=PEAK_EVENTS_PER_S / EVENTS_PER_REPORT)
        pid_off, pid = pid_of(base_off), pid_of(base)
        for warm in (base_off, base):
            load(warm + path, cookie, seconds=2, connections=options.connections)
        off, counted, on = [], [], []
        phase = {"seconds": options.seconds, "connections": options.connections}
        for _round in range(ROUNDS):
            off.append(measure(base_off + path, cookie, pid=pid_off, **phase))
            counted.append(measure(base + path, cookie, pid=pid, **phase))
            with counter:
                reports = sum(counter.sent)
                on.append(measure(base + path, cookie, pid=pid, **phase))
                on[-1]["reports"] = sum(counter.sent) - reports
        step("the counter's reports alone")
        alone = reports_alone(base, building.slug, pid=pid, seconds=options.seconds * 2)
        stack.close()  # the servers stop, writing what they still hold
        from usine.insights.models import Event, Kind, VisitorKind

        # A page "building" here is the counter's report (public) or the pupil's page counting
        # itself (fill_week writes none).
        building_pages = Event.objects.filter(kind=Kind.PAGE, page="building")
        written = building_pages.filter(visitor_kind=VisitorKind.PUBLIC).count()
        counted_pages = building_pages.filter(visitor_kind=VisitorKind.PUPIL).count()
        served_pages = sum(run["pages"] for run in [*counted, *on])
    if sum(counter.failed):
        raise SystemExit(f"{sum(counter.failed)} of the counter's reports failed")
    counter_events_per_s = sum(counter.sent) * EVENTS_PER_REPORT / counter.seconds
    off_p95 = statistics.median(run["p95_ms"] for run in off)
    on_p95 = statistics.median(run["p95_ms"] for run in on)
    off_cpu = statistics.median(run["cpu_ms_per_page"] for run in off)
    on_cpu = statistics.median(run["cpu_ms_per_page"] for run in on)
    counted_cpu = statistics.median(run["cpu_ms_per_page"] for run in counted)
    # What a report costs the server beside the pages: its CPU with reports beyond what the
    # same counting pages cost without them.
    report_cpu = statistics.median(
        (run["cpu_s"] * 1000 - run["pages"] * counted_cpu) / max(run["reports"], 1) for run in on
    )
    pages_per_s = statistics.median(run["pages"] / options.seconds for run in off)
    dashboard_ms = max(timings.values())
    print(f"insights — PostgreSQL, {options.events:,} events in the week")
    print(f"{'measure':44} {'value':>12}")
    print(f"{'ingest, record + bulk flush (events/s)':44} {batched:12.0f}")
    print(f"{'baseline, one INSERT per event (events/s)':44} {baseline:12.0f}")
    print(f"{'rest of the week generated in PostgreSQL (s)':44} {fill_s:12.1f}")
    print(f"{'roll-up of the week (s)':44} {rollup_s:12.1f}")
    for name, ms in timings.items():
        print(f"{'dashboard ' + name + ' (ms)':44} {ms:12.1f}")
    print(f"{'building page p95, no events (ms)':44} {off_p95:12.1f}")
    print(f"{'building page p95, with events (ms)':44} {on_p95:12.1f}")
    print(f"{'  each round, without / with (ms)':44} " + "  ".join(
        f"{a['p95_ms']:.1f}/{b['p95_ms']:.1f}" for a, b in zip(off, on, strict=True)))  # fmt: skip
    print(f"{'server CPU per page, no events (ms)':44} {off_cpu:12.2f}")
    print(f"{'server CPU per page, with events (ms)':44} {on_cpu:12.2f}")
    print(f"{'  pages counting themselves, no reports (ms)':44} {counted_cpu:12.2f}")
    print(f"{'server CPU per counter report (ms)':44} {report_cpu:12.2f}")
    print(f"{'  the reports alone (ms)':44} {alone:12.2f}")
    print(f"{'pages served per second, no events':44} {pages_per_s:12.1f}")
    print(f"{'counter events meanwhile (/s)':44} {counter_events_per_s:12.1f}")
    print(f"{'  at the busiest hour of the fair (/s)':44} {PEAK_EVENTS_PER_S:12.1f}")
    print(f"{'  written by the server':44} {written:12d}")
    print(
        f"{'pages counting themselves, served / counted':44} {served_pages:>5d} / {counted_pages:d}"
    )
    print(
        f"RESULT events={options.events} ingest_events_per_s={batched:.0f} "
        f"baseline_events_per_s={baseline:.0f} ingest_ratio={batched / baseline:.1f} "
        f"page_p95_ms_with_events={on_p95:.1f} "
        f"page_p95_ms_without_events={off_p95:.1f} "
        f"page_p95_ratio={on_p95 / off_p95:.2f} page_cpu_ratio={on_cpu / off_cpu:.2f} "
        f"counted_page_cpu_ratio={counted_cpu / off_cpu:.2f} report_cpu_ms={report_cpu:.2f} "
        f"report_alone_cpu_ms={alone:.2f} "
        f"counter_events_per_s={counter_events_per_s:.1f} dashboard_ms={dashboard_ms:.0f} "
        f"rollup_s={rollup_s:.1f}"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
