"""What the fair's pages cost, as a ratio to a constant view on the same server in the same run.

    .venv/bin/python bench/pages.py [--seconds 8] [--connections 16]

One real uvicorn server (as `make run` starts it) on PostgreSQL, pinned to core 0, wrk on core 1,
the demo edition loaded with its testimonials' videos marked ready (the page has the shape it has
during the fair, without transcoding clips). Each page is requested as the person who opens it:
  town, building, text view  a pupil in session (the session bar: time left, passport);
  class page, console        the class's teacher, during the hour of exploration;
  live room                  a pupil of a class in its live exchange (with Janus, as make run).
Beside them, GET /banc/constante/ (bench/constant_urls.py): a fixed small page through the same
middleware stack, the floor. A page's ratio is its rate over the constant view's; 1 means free.

A second ratio compares the server's CPU time per request (the constant view's over the page's):
steadier than rates when other work shares the machine.

Last line: RESULT worst_ratio=… building_ratio=… town_ratio=… text_ratio=… class_ratio=…
console_ratio=… live_room_ratio=… worst_cpu_ratio=… constant_rps=… building_cpu_ms=… errors=…
"""

import argparse
import contextlib
import datetime
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

# bench/ is on sys.path when a benchmark runs as `python bench/NAME.py`.
from _server import ROOT, free_port, manage, postgres, server

SECONDS = 6
CONNECTIONS = 16
GOAL = 0.33
CSRF_SECRET = "b" * 32  # a browser's CSRF cookie (an unmasked secret)
WRK_SCRIPT = """
wrk.headers["Accept-Encoding"] = "gzip, deflate"
wrk.headers["Accept-Language"] = "fr-FR,fr;q=0.9"
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
done = function(summary, latency, requests)
  io.write(string.format("P50 %d\\nP95 %d\\n", latency:percentile(50), latency:percentile(95)))
  io.write(string.format("ERRORS %d\\n", summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


# --- The people and their sessions (made server-side, as bench/booking_race.py does) ----------


def prepare(env: dict) -> None:
    manage(env, "migrate", "--no-input")
    manage(env, "load_demo", "--no-videos")
    manage(env, "collectstatic", "--no-input")
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "usine.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def videos_ready() -> None:
    """Every testimonial and video demo of the demo edition with a ready, captioned video (names
    only: the pages link to the files, they do not read them)."""
    from usine.exhibits.models import Demo, Testimonial
    from usine.media.models import Video

    def ready(n: int) -> Video:
        folder = f"videos/hls/banc-{n}"
        return Video.objects.create(
            source=f"videos/source/banc-{n}.mp4",
            status=Video.Status.READY,
            progress=100,
            duration_s=42.0,
            width=1280,
            height=720,
            playlist=f"{folder}/master.m3u8",
            poster=f"{folder}/poster.jpg",
            captions=f"videos/captions/banc-{n}.vtt",
        )

    n = 0
    for testimonial in Testimonial.objects.all():
        n += 1
        Testimonial.objects.filter(pk=testimonial.pk).update(video=ready(n), published=True)
    for demo in Demo.objects.filter(kind=Demo.Kind.VIDEO):
        n += 1
        Demo.objects.filter(pk=demo.pk).update(video=ready(n))


def session_for(data: dict) -> str:
    from django.contrib.sessions.backends.cached_db import SessionStore

    store = SessionStore()
    store.update(data)
    store.create()
    return store.session_key


def teacher_session(user) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    return session_for(
        {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
    )


def class_in_session(*, teacher, edition, name: str, started: datetime.timedelta):
    """A class of 25 whose slot started `started` ago, every pupil seated (a browser each)."""
    from django.utils import timezone

    from usine.fair.models import SessionSlot
    from usine.schools import services
    from usine.schools.join import PUPIL_SESSION_KEY
    from usine.schools.models import Booking, SeatClaim

    now = timezone.now()
    school_class = services.create_class(
        teacher=teacher, edition=edition, name=name, level="3e", pupil_count=25
    )
    slot = SessionSlot.objects.create(
        edition=edition, starts_at=(now - started).replace(microsecond=0), capacity=30
    )
    booking = Booking.objects.create(school_class=school_class, slot=slot)
    SessionSlot.objects.filter(pk=slot.pk).update(booked=1)
    keys = []
    for pupil in school_class.pupils.all():
        key = session_for({PUPIL_SESSION_KEY: pupil.pk})
        SeatClaim.objects.create(pupil=pupil, session_key=key, last_seen_at=now)
        keys.append(key)
    return school_class, booking, keys


def people() -> dict:
    """The sessions and URLs each page is opened with."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.utils import timezone

    from usine.fair.models import Building, Edition
    from usine.live import services as live
    from usine.schools.models import BuildingVisit, School, Teacher

    edition = Edition.objects.get(state=Edition.State.OPEN)
    user = get_user_model().objects.create_user("banc-prof", "banc-prof@example.org")
    school = School.objects.first()
    teacher = Teacher.objects.create(user=user, school=school, email_confirmed_at=timezone.now())
    exploring, _booking, pupils = class_in_session(
        teacher=teacher, edition=edition, name="3e Banc", started=datetime.timedelta(minutes=20)
    )
    _live_class, live_booking, live_pupils = class_in_session(
        teacher=teacher, edition=edition, name="3e Direct", started=datetime.timedelta(minutes=70)
    )
    room = live.room_for_booking(booking=live_booking)
    # The richest building: the most testimonials, then job profiles.
    building = (
        Building.objects.filter(edition=edition)
        .annotate(
            voices=Count("company__testimonials", distinct=True),
            jobs=Count("company__job_profiles", distinct=True),
        )
        .order_by("-voices", "-jobs", "slug")
        .first()
    )
    pupil = exploring.pupils.order_by("pk").first()
    now = timezone.now()
    for visited in Building.objects.filter(edition=edition).order_by("slug")[:3]:
        BuildingVisit.objects.create(
            pupil=pupil, building=visited, seconds=90, stamped_at=now, stamp="time"
        )
    # The CSRF cookie too, as a browser holds it from its first page on: without it every page
    # would make a new secret and set the cookie again (twice the random draws of a real page).
    csrf = f"csrftoken={CSRF_SECRET}"
    pupil_cookie = f"sessionid={pupils[0]}; {csrf}"
    teacher_cookie = f"sessionid={teacher_session(user)}; {csrf}"
    return {
        "constant": ("/banc/constante/", pupil_cookie, "Page constante"),
        "town": ("/", pupil_cookie, "data-session-bar"),
        "building": (f"/batiments/{building.slug}/", pupil_cookie, "data-session-bar"),
        "text": ("/ville/texte/", pupil_cookie, "data-session-bar"),
        "class": (f"/enseignants/classes/{exploring.pk}/", teacher_cookie, exploring.code_display),
        "console": (f"/enseignants/classes/{exploring.pk}/console/", teacher_cookie, "3e Banc"),
        "live_room": (
            f"/direct/{room.pk}/",
            f"sessionid={live_pupils[0]}; {csrf}",
            "data-live-video-remote",
        ),
    }


# --- Load ---------------------------------------------------------------------------------------


def check_page(base: str, path: str, cookie: str, marker: str) -> int:
    """The page answers 200 to this person and is the one meant (not a redirect to sign in)."""
    import urllib.request

    request = urllib.request.Request(base + path, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read().decode()
        if response.status != 200 or response.url != base + path or marker not in body:
            raise RuntimeError(f"{path} is not the page meant ({response.status})")
        return len(body.encode())


def load(url: str, cookie: str, *, seconds: int, connections: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    pin = ["taskset", "-c", "1"] if (os.cpu_count() or 1) > 1 else []
    env = {**os.environ, "BENCH_COOKIE": cookie}
    out = subprocess.run(
        [*pin, "wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", script.name, url],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
        "p50_ms": int(re.search(r"P50 (\d+)", out).group(1)) / 1000,
        "p95_ms": int(re.search(r"P95 (\d+)", out).group(1)) / 1000,
        "errors": int(re.search(r"ERRORS (\d+)", out).group(1)),
    }


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_pid() -> int:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(stat[1]) == os.getpid() and b"uvicorn" in (entry / "cmdline").read_bytes():
                    return int(entry.name)
    raise RuntimeError("no uvicorn process")


@contextlib.contextmanager
def janus(env: dict):
    """Janus as `make run` starts it, on free ports; yields the variables Django reads."""
    ports = {
        "JANUS_HTTP_PORT": str(free_port()),
        "JANUS_WS_PORT": str(free_port()),
        "JANUS_RTP_PORT_RANGE": "41000-41999",
    }
    ports["JANUS_URL"] = f"http://127.0.0.1:{ports['JANUS_HTTP_PORT']}/janus"
    janus_env = {**env, **ports}
    subprocess.run(
        [ROOT / "scripts" / "janus.sh", "start"], env=janus_env, check=True, capture_output=True
    )
    try:
        yield ports
    finally:
        subprocess.run([ROOT / "scripts" / "janus.sh", "stop"], env=janus_env, check=False)


def measure(base, pid, path, cookie, marker, options) -> dict:
    size = check_page(base, path, cookie, marker)
    load(base + path, cookie, seconds=2, connections=4)  # warm: not counted
    before = cpu_seconds(pid)  # the CPU time of the measured requests only
    row = load(base + path, cookie, seconds=options.seconds, connections=options.connections)
    row["cpu_ms"] = (cpu_seconds(pid) - before) * 1000 / max(row["requests"], 1)
    row["kb"] = size / 1024
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=SECONDS, help="per measure")
    parser.add_argument("--connections", type=int, default=CONNECTIONS)
    parser.add_argument("--only", help="only these pages (comma-separated), for a quick look")
    options = parser.parse_args()
    rows = {}
    with postgres() as database_url, contextlib.ExitStack() as stack:
        env = {
            **os.environ,
            "USINE_DATA_DIR": tempfile.mkdtemp(prefix="usine-bench-"),
            "DATABASE_URL": database_url,
            "LOG_LEVEL": "ERROR",
        }
        prepare(env)
        videos_ready()
        pages = people()
        from django.db import connections

        connections.close_all()
        env.update(stack.enter_context(janus(env)))
        cpus = "0" if (os.cpu_count() or 1) > 1 else None
        base = stack.enter_context(
            server(env, cpus=cpus, DJANGO_SETTINGS_MODULE="bench.constant_settings")
        )
        pid = server_pid()
        only = set(options.only.split(",")) if options.only else set(pages)
        # The constant view is measured before each page and after the last one: a page's floor
        # is the mean of the two beside it, so a change of the machine's load during the run
        # moves both alike.
        floors = []
        for name, (path, cookie, marker) in pages.items():
            if name == "constant" or name not in only:
                continue
            floors.append(measure(base, pid, *pages["constant"], options))
            rows[name] = measure(base, pid, path, cookie, marker, options)
        floors.append(measure(base, pid, *pages["constant"], options))
    for index, row in enumerate(rows.values()):
        before, after = floors[index], floors[index + 1]
        row["ratio"] = row["rps"] / ((before["rps"] + after["rps"]) / 2)
        row["cpu_ratio"] = ((before["cpu_ms"] + after["cpu_ms"]) / 2) / row["cpu_ms"]
    constant = {
        key: sum(floor[key] for floor in floors) / len(floors)
        for key in ("kb", "rps", "p50_ms", "p95_ms", "cpu_ms", "errors")
    }
    constant.update(ratio=1.0, cpu_ratio=1.0)
    print(
        f"GET pages — {options.connections} connections, {options.seconds} s each, PostgreSQL, "
        "1 uvicorn worker on core 0, wrk on core 1"
    )
    print(
        f"{'page':10} {'KB':>6} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'cpu ms/req':>10} "
        f"{'errors':>6} {'ratio':>6} {'cpu ratio':>9}"
    )
    for name, row in {"constant": constant, **rows}.items():
        print(
            f"{name:10} {row['kb']:6.1f} {row['rps']:8.0f} {row['p50_ms']:8.1f} "
            f"{row['p95_ms']:8.1f} {row['cpu_ms']:10.1f} {row['errors']:6.0f} {row['ratio']:6.2f}"
            f" {row['cpu_ratio']:9.2f}" + ("" if row["ratio"] >= GOAL else f"  (goal ≥ {GOAL})")
        )
    uptime = subprocess.run(
        ["uptime"], capture_output=True, text=True, env={**os.environ, "TZ": "UTC"}
    ).stdout.strip()
    print(f"uptime: {uptime}")
    order = sorted(rows, key=lambda name: name != "building")  # building first
    ratios = " ".join(f"{name}_ratio={rows[name]['ratio']:.2f}" for name in order)
    building = rows.get("building", {})
    print(
        f"RESULT worst_ratio={min(row['ratio'] for row in rows.values()):.2f} {ratios}"
        f" worst_cpu_ratio={min(row['cpu_ratio'] for row in rows.values()):.2f}"
        f" constant_rps={constant['rps']:.0f}"
        + (f" building_cpu_ms={building['cpu_ms']:.1f}" if building else "")
        + f" errors={sum(row['errors'] for row in [*rows.values(), *floors])}"
    )


if __name__ == "__main__":
    main()
