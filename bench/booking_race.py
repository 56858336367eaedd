"""1,000 concurrent booking attempts over HTTP at one 30-place slot, on the real ASGI server and
PostgreSQL; then the database is checked.

Each attempt comes from a different teacher (a logged-in session made server-side) booking
their own class. Two rounds in one run, each on a fresh slot:
  baseline  every booking first takes a row lock on the edition (bench/booking_edition_lock.py,
            served with its own settings), so all bookings of the fair queue behind one lock;
  booking   the real service: one conditional UPDATE on the slot row, no edition lock.
The booking round's server first answers as many GETs of a constant view (bench/constant_urls.py,
the same teachers' sessions, the same middleware) at the same concurrency: the floor. Its
`efficiency` is bookings/s over the constant view's requests/s, a figure that carries over to
another machine where bookings/s does not.
All attempts are started at once; at most IN_FLIGHT of them are on the wire at a time (the
connection pool a reverse proxy would keep to the app; PostgreSQL's test cluster allows 300
connections and each request in flight holds one).
"""

import argparse
import asyncio
import datetime
import os
import socket
import subprocess
import sys
import tempfile
import time

# bench/ is on sys.path when a benchmark runs as `python bench/NAME.py`.
from _server import ROOT, manage, postgres, server

ATTEMPTS = 1000
CAPACITY = 30
IN_FLIGHT = 20
POOL = 20
WORKERS = 1
CSRF_SECRET = "b" * 32  # an unmasked CSRF secret is accepted as cookie and header alike


def prepare(env: dict) -> None:
    """Migrates the database (scripts/postgres.sh created it), then sets Django up here."""
    manage(env, "migrate", "--no-input")
    manage(env, "collectstatic", "--no-input")
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "usine.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def create_people(count: int) -> list[tuple[int, str]]:
    """(class id, session key) for `count` teachers with one class each."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.base import VALID_KEY_CHARS
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from usine.fair.models import Edition
    from usine.schools.codes import new_code
    from usine.schools.models import School, SchoolClass, Teacher

    edition = Edition.objects.create(
        name="Salon du banc d'essai",
        slug="banc",
        starts_on=datetime.date(2031, 11, 24),
        ends_on=datetime.date(2031, 11, 28),
        state=Edition.State.OPEN,
    )
    school = School.objects.create(uai="0750654D", name="Lycée Henri-IV", town="Paris")
    password = make_password("pas-utilise-par-le-banc")
    users = User.objects.bulk_create(
        User(username=f"prof{i}@banc.test", email=f"prof{i}@banc.test", password=password)
        for i in range(count)
    )
    teachers = Teacher.objects.bulk_create(
        Teacher(user=user, school=school, email_confirmed_at=timezone.now()) for user in users
    )
    classes = SchoolClass.objects.bulk_create(
        SchoolClass(teacher=t, edition=edition, name="3e A", level="3e", pupil_count=25,
                    code=new_code())
        for t in teachers
    )  # fmt: skip
    store = SessionStore()
    expire = timezone.now() + datetime.timedelta(days=1)
    sessions = []
    for user in users:
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
        }
        sessions.append(
            Session(
                session_key=get_random_string(32, VALID_KEY_CHARS),
                session_data=store.encode(data),
                expire_date=expire,
            )
        )
    Session.objects.bulk_create(sessions)
    return [(c.pk, s.session_key) for c, s in zip(classes, sessions, strict=True)]


def new_slot(hour: int) -> int:
    from usine.fair.models import Edition, SessionSlot
    from usine.schools.models import Booking

    Booking.objects.all().delete()
    edition = Edition.objects.get(slug="banc")
    starts_at = datetime.datetime(2031, 11, 24, hour, 30, tzinfo=datetime.UTC)
    return SessionSlot.objects.create(edition=edition, starts_at=starts_at, capacity=CAPACITY).pk


async def fire(base: str, people, slot_id: int | None, in_flight: int) -> dict:
    """Every person books at once (or, with no slot, GETs the constant view)."""
    import httpx

    limits = httpx.Limits(max_connections=in_flight, max_keepalive_connections=in_flight)
    latencies, statuses = [], []
    # Without TCP_NODELAY a POST's body waits for the ACK of its headers (Nagle + delayed ACK:
    # 40 ms per request on loopback), which would measure the kernel, not the booking.
    transport = httpx.AsyncHTTPTransport(
        limits=limits, socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
    )
    async with httpx.AsyncClient(base_url=base, transport=transport, timeout=120) as client:
        # The semaphore keeps the waiting attempts out of httpx's pool, whose bookkeeping grows
        # with the number of queued requests and would make the client the bottleneck.
        gate = asyncio.Semaphore(in_flight)

        async def attempt(class_id: int, session_key: str):
            async with gate:
                await send(class_id, session_key)

        async def send(class_id: int, session_key: str):
            started = time.perf_counter()
            headers = {
                "X-CSRFToken": CSRF_SECRET,
                "Cookie": f"sessionid={session_key}; csrftoken={CSRF_SECRET}",
            }
            try:
                if slot_id is None:
                    response = await client.get("/banc/constante/", headers=headers)
                else:
                    response = await client.post(
                        "/enseignants/creneaux/reserver/",
                        data={"school_class": class_id, "slot": slot_id},
                        headers=headers,
                    )
                statuses.append(response.status_code)
            except httpx.HTTPError:
                statuses.append(599)
            latencies.append(time.perf_counter() - started)

        started = time.perf_counter()
        await asyncio.gather(*(attempt(c, s) for c, s in people))
        elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "elapsed": elapsed,
        "per_s": len(people) / elapsed,
        "p50_ms": latencies[len(latencies) // 2] * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "errors_5xx": sum(1 for s in statuses if s >= 500),
        "redirects": statuses.count(302),
        "full": statuses.count(409),
        "other": sum(1 for s in statuses if s not in (302, 409) and s < 500),
    }


def check(slot_id: int) -> dict:
    from usine.fair.models import SessionSlot
    from usine.schools.models import Booking

    rows = Booking.objects.filter(slot_id=slot_id).count()
    counter = SessionSlot.objects.get(pk=slot_id).booked
    return {"succeeded": rows, "oversold": max(rows - CAPACITY, 0), "counter_ok": counter == rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attempts", type=int, default=ATTEMPTS)
    parser.add_argument("--in-flight", type=int, default=IN_FLIGHT)
    parser.add_argument("--workers", type=int, default=WORKERS, help="uvicorn workers")
    parser.add_argument("--pool", type=int, default=POOL, help="server's connection pool, 0: none")
    options = parser.parse_args()
    if options.workers == 1 and hasattr(os, "sched_setaffinity") and (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(0, {1})  # the load generator on core 1, the server on core 0
    rows = {}
    with postgres() as database_url:
        env = {
            **os.environ,
            "USINE_DATA_DIR": tempfile.mkdtemp(prefix="usine-bench-"),
            "DATABASE_URL": database_url,
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "LOG_LEVEL": "ERROR",
            "DATABASE_POOL_SIZE": str(options.pool),
        }
        prepare(env)
        people = create_people(options.attempts)
        for hour, (name, extra) in enumerate(
            (
                ("baseline", {"DJANGO_SETTINGS_MODULE": "bench.booking_edition_lock_settings"}),
                ("booking", {"DJANGO_SETTINGS_MODULE": "bench.constant_settings"}),
            ),
            start=8,
        ):
            slot_id = new_slot(hour)
            log_path = os.path.join(env["USINE_DATA_DIR"], f"server-{name}.log")
            cpus = "0" if options.workers == 1 and (os.cpu_count() or 1) > 1 else None
            with server(
                env, cpus=cpus, workers=options.workers, log_path=log_path, **extra
            ) as base:
                if name == "booking":
                    floor = asyncio.run(fire(base, people, None, options.in_flight))
                    if floor["other"] != len(people):  # every GET of the floor answers 200
                        raise RuntimeError(f"the constant view failed: {floor}")
                measured = asyncio.run(fire(base, people, slot_id, options.in_flight))
            if measured["errors_5xx"]:
                print(f"{name}: {measured['errors_5xx']} server errors, see {log_path}")
            rows[name] = {**measured, **check(slot_id)}
        from django.db import connections

        connections.close_all()

    print(
        f"{options.attempts} booking attempts (distinct teachers and classes) at one "
        f"{CAPACITY}-place slot — PostgreSQL, 1 uvicorn worker, {options.in_flight} in flight"
    )
    header = ("", "succeeded", "oversold", "5xx", "full(409)", "bookings/s", "p50 ms", "p99 ms")
    print("{:9} {:>9} {:>8} {:>5} {:>9} {:>10} {:>7} {:>7}".format(*header))
    for name, row in rows.items():
        print(
            f"{name:9} {row['succeeded']:9d} {row['oversold']:8d} {row['errors_5xx']:5d}"
            f" {row['full']:9d} {row['per_s']:10.0f} {row['p50_ms']:7.0f} {row['p99_ms']:7.0f}"
            + ("" if row["counter_ok"] else "  (slot counter differs from bookings!)")
        )
    print(
        f"{'constant':9} {'':>9} {'':>8} {floor['errors_5xx']:5d} {'':>9}"
        f" {floor['per_s']:10.0f} {floor['p50_ms']:7.0f} {floor['p99_ms']:7.0f}"
        "  (a constant view's req/s, same server)"
    )
    main_row, base_row = rows["booking"], rows["baseline"]
    efficiency = main_row["per_s"] / floor["per_s"]
    uptime = subprocess.run(
        ["uptime"], capture_output=True, text=True, env={**os.environ, "TZ": "UTC"}
    ).stdout.strip()
    print(f"efficiency: {efficiency:.2f} (goal ≥ 0.5) · uptime: {uptime}")
    print(
        f"RESULT succeeded={main_row['succeeded']} capacity={CAPACITY}"
        f" oversold={main_row['oversold']} errors_5xx={main_row['errors_5xx']}"
        f" bookings_per_s={main_row['per_s']:.0f} baseline_bookings_per_s={base_row['per_s']:.0f}"
        f" p99_ms={main_row['p99_ms']:.0f} efficiency={efficiency:.2f}"
        f" constant_per_s={floor['per_s']:.0f}"
    )


if __name__ == "__main__":
    main()
