"""The design point: a school day's peak on one 2-core host, production form against embedded.

    .venv/bin/python bench/design_point.py [--scale 1] [--seconds 60]

One throwaway PostgreSQL and Redis, the demo edition, then the same load twice in the same run:
1. the production form (tests/servers.py `production_form`: nginx in front of 2 uvicorn workers
   on Unix sockets, as `make run-production`);
2. the baseline: the embedded single process (one uvicorn, no nginx, as `make run` starts it;
   Django serves the media itself), on the same PostgreSQL and Redis so that only the form
   differs. Each form gets data of its own (rooms, classes, pupils).

The load, at --scale 1 (every count scales; at least one room):
- 5,000 authenticated WebSockets: 50 live rooms of 30 pupils (the pupils' room sockets and their
  session bars), a moderator's socket a room, a session bar for each of 1,500 pupils exploring
  the town, and second tabs' session bars for the rest;
- in each room a pupil asks a question every ASK_EVERY_S (slow mode allows one every 10 s a
  pupil), the moderator approves it MODERATION_DELAY_S later, pupils upvote approved questions
  UPVOTES_PER_S a room;
- each exploring pupil opens a building page every PAGE_EVERY_S and the town JSON every
  TOWN_EVERY_S (their session cookie: pages no front cache may serve), and sends the passport's
  `here` ping on its session bar every PING_EVERY_S;
- WATCHING of them play a testimonial: an HLS segment (75 KB, 4 s at 145 kb/s) every 4 s.
Arrivals are on a fixed schedule (open loop): a slow server makes requests wait, it does not
slow the load down.

Measured per form: sockets held once connected; page_p95_ms over building pages and town JSON;
question_p95_ms from the moderator's approval leaving to the `question.approved` frame reaching
each pupil of the room; lost: approvals (acknowledged to the moderator) some pupil never got,
per pupil, DRAIN_S after the end; errors: HTTP answers other than 200, error frames that are not
a refusal a pupil may get (slow mode, a double upvote), sockets that failed to connect, session
bars the server closed (a room socket the server closes reconnects and syncs from its last event,
as the page does: counted apart as resyncs); kb_per_socket: RSS of the workers and nginx after
connecting, minus before, over the sockets held.

The client is one Python process on the same 2 cores; sockets connect from 127.0.0.2 (pages
from 127.0.0.1). Bounded: connecting stops after CONNECT_S, the load after --seconds.

Last line: RESULT sockets=… page_p95_ms=… question_p95_ms=… lost=… errors=… kb_per_socket=…
baseline_page_p95_ms=… baseline_errors=…
"""

import argparse
import asyncio
import contextlib
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._server import postgres, prepared_env, server  # noqa: E402
from bench.idle_sockets import Bar, children, rss_kb  # noqa: E402
from bench.live_fanout import Listener, Receiver  # noqa: E402

ROOMS, ROOM_PUPILS, EXPLORERS, SOCKETS = 50, 30, 1500, 5000
ASK_EVERY_S = 4.0  # a room's pupils together: 15 questions a minute, a pupil's every 2 min
MODERATION_DELAY_S = 1.0
UPVOTES_PER_S = 1.0
PAGE_EVERY_S = 60.0
TOWN_EVERY_S = 120.0
PING_EVERY_S = 15.0
WATCHING = 0.1
SEGMENT_EVERY_S = 4.0
SEGMENT_BYTES = 75_000
CONNECT_S = 90.0
DRAIN_S = 5.0
SOURCE = "127.0.0.2"
# Error codes a pupil may get in normal use; anything else in an error frame is an error.
REFUSALS = {"too_soon", "already_upvoted", "muted", "slow_mode", "blocked"}
QUESTIONS = [
    "Quelles études faut-il faire pour ce métier ?",
    "Est-ce que vous travaillez en équipe ?",
    "Comment se passe une journée type à l'usine ?",
    "Est-ce qu'on peut faire ce métier en alternance ?",
    "Qu'est-ce qui vous plaît le plus dans votre travail ?",
    "Est-ce que le travail est physique ?",
    "Est-ce qu'il y a des femmes dans votre équipe ?",
    "Vous avez choisi ce métier à quel âge ?",
]


# --- Data (run in the fair's environment: `design_point.py --setup SCALE`) -----------------------


def counts(scale: float) -> dict:
    rooms = max(1, round(ROOMS * scale))
    explorers = max(1, round(EXPLORERS * scale))
    sockets = max(round(SOCKETS * scale), rooms * (2 * ROOM_PUPILS + 1) + explorers)
    return {"rooms": rooms, "explorers": explorers, "sockets": sockets}


def setup(scale: float) -> dict:
    """For each form: rooms with their pupils' sessions and a moderator's, exploring pupils'
    (booking, session key), buildings' paths and HLS segments' paths; printed as JSON."""
    import datetime

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "usine.settings")
    django.setup()
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from usine.exhibits.models import Company
    from usine.fair.models import Edition, SessionSlot
    from usine.live.access import PUPIL_SESSION_KEY
    from usine.live.models import LiveRoom
    from usine.schools import codes
    from usine.schools.models import Booking, Pupil, School, SchoolClass, SeatClaim, Teacher

    User = get_user_model()
    edition = Edition.objects.first()
    school, _ = School.objects.get_or_create(
        uai="0750654D", defaults={"name": "Lycée du banc d'essai", "town": "Paris"}
    )
    expires = timezone.now() + datetime.timedelta(days=1)
    n = counts(scale)
    hours = iter(range(100_000))

    def session(**data) -> str:
        store = SessionStore()
        store.update(data)
        store.save()
        return store.session_key

    def booked_class(tag: str, index: int, pupils: int) -> tuple[Booking, list[str]]:
        """A class booked on a slot years ahead (the bar's move to the live exchange never
        fires here), its pupils with a claimed seat and a session each."""
        user = User.objects.create_user(f"dp-{tag}-{index}", f"dp-{tag}-{index}@example.org")
        school_class = SchoolClass.objects.create(
            teacher=Teacher.objects.create(user=user, school=school),
            edition=edition,
            name=f"Pointe {tag} {index}",
            level=SchoolClass.Level.QUATRIEME,
            pupil_count=pupils,
            code=codes.new_code(),
        )
        slot = SessionSlot.objects.create(
            edition=edition,
            starts_at=datetime.datetime(2033, 1, 1, 8, tzinfo=datetime.UTC)
            + datetime.timedelta(hours=next(hours)),
        )
        booking = Booking.objects.create(school_class=school_class, slot=slot)
        created = Pupil.objects.bulk_create(
            Pupil(school_class=school_class, pseudonym=f"Pointe {tag} {index}-{p}")
            for p in range(pupils)
        )
        keys = [get_random_string(32) for _ in created]
        Session.objects.bulk_create(
            Session(
                session_key=key,
                session_data=SessionStore().encode({PUPIL_SESSION_KEY: pupil.pk}),
                expire_date=expires,
            )
            for key, pupil in zip(keys, created, strict=True)
        )
        SeatClaim.objects.bulk_create(
            SeatClaim(pupil=pupil, session_key=key)
            for key, pupil in zip(keys, created, strict=True)
        )
        return booking, keys

    media = Path(settings.MEDIA_ROOT) / "videos" / "hls" / "1-design0"
    segments = []
    for number in range(4):
        segment = media / "240p" / f"segment_{number:03}.ts"
        segment.parent.mkdir(parents=True, exist_ok=True)
        segment.write_bytes(b"\x47" * SEGMENT_BYTES)
        segments.append(f"{settings.MEDIA_URL}{segment.relative_to(settings.MEDIA_ROOT)}")
    buildings = [
        reverse("exhibits:building", args=[slug])
        for slug in Company.objects.order_by("pk").values_list("slug", flat=True)[:12]
    ]
    result = {"buildings": buildings, "segments": segments}
    for tag in ("production", "baseline"):
        organizer = User.objects.create_user(f"dp-{tag}-org", f"org-{tag}@ex.org", is_staff=True)
        rooms = []
        for index in range(n["rooms"]):
            booking, keys = booked_class(tag, f"salon-{index}", ROOM_PUPILS)
            room = LiveRoom.objects.create(booking=booking)
            # One session a moderator: a browser session holds at most 10 sockets a process.
            moderator = session(
                **{
                    SESSION_KEY: str(organizer.pk),
                    BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                    HASH_SESSION_KEY: organizer.get_session_auth_hash(),
                }
            )
            rooms.append(
                {"id": room.pk, "booking": booking.pk, "pupils": keys, "moderator": moderator}
            )
        explorers = []
        for index in range((n["explorers"] + 29) // 30):
            booking, keys = booked_class(tag, index, 30)
            explorers += [[booking.pk, key] for key in keys]
        result[tag] = {"rooms": rooms, "explorers": explorers[: n["explorers"]]}
    return result


# --- Clients ------------------------------------------------------------------------------------


class Stats:
    """What one form's run measured."""

    def __init__(self):
        self.pages: list[float] = []
        self.segments: list[float] = []
        self.deliveries: list[float] = []
        self.errors: dict[str, int] = {}
        self.refusals = 0

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


class Answering(Receiver):
    """A live_fanout receiver that also hands the answers to this client's frames to whoever
    sent them (`listener.waiting[id]`, a future)."""

    def on_text(self, payload: bytes, now: float) -> None:
        super().on_text(payload, now)
        if payload.startswith((b'["ack",', b'["error",')) and not payload.startswith(b'["ack","s"'):
            kind, frame_id, body = json.loads(payload)
            waiting = self.listener.waiting.pop(frame_id, None)
            if waiting is not None and not waiting.done():
                waiting.set_result((kind, body))


class RoomClient(Listener):
    """A pupil's or a moderator's live room socket: requests answered by ack or error frames."""

    def __init__(self, *args):
        super().__init__(*args)
        self.waiting: dict[int, asyncio.Future] = {}
        self.next_id = 0

    async def connect(self) -> None:
        loop = asyncio.get_running_loop()
        receiver = Answering(self, f"127.0.0.1:{self.port}")
        self.receiver = receiver
        await loop.create_connection(
            lambda: receiver, "127.0.0.1", self.port, local_addr=(self.source, 0)
        )
        await asyncio.wait_for(receiver.synced, 60)

    async def request(self, action: str, payload: dict, stats: Stats):
        """Sends a frame; the answer's (kind, body), or None (counted) without one in 30 s."""
        self.next_id += 1
        frame_id = self.next_id
        answer = self.waiting[frame_id] = asyncio.get_running_loop().create_future()
        self.receiver.send_frame(0x1, json.dumps([action, frame_id, payload]).encode())
        try:
            kind, body = await asyncio.wait_for(answer, 30)
        except TimeoutError:
            stats.error(f"{action} unanswered")
            return None
        if kind == "error":
            if body.get("code") in REFUSALS:
                stats.refusals += 1
            else:
                stats.error(f"{action} {body.get('code')}")
        return kind, body


class SessionBar(Bar):
    """idle_sockets' session bar, counting the error frames its `here` pings get back."""

    stats: Stats | None = None

    def on_text(self, payload: bytes) -> None:
        if payload.startswith(b'["error",') and self.stats is not None:
            self.stats.error("here " + json.loads(payload)[2].get("code", "?"))


async def room_life(room: dict, pupils: list[RoomClient], moderator: RoomClient, stats, until):
    """Pupils ask, the moderator approves, pupils upvote; answers {question: approve sent}."""
    approved: dict[int, float] = {}
    last_asked = [0.0] * len(pupils)
    voted: set[tuple[int, int]] = set()
    pending: list[asyncio.Task] = []

    async def approve(question: int):
        await asyncio.sleep(MODERATION_DELAY_S)
        sent = time.monotonic()
        answer = await moderator.request("question.approve", {"question_id": question}, stats)
        if answer and answer[0] == "ack":
            approved[question] = sent

    async def ask(index: int):
        answer = await pupils[index].request(
            "question.ask", {"text": random.choice(QUESTIONS)}, stats
        )
        if answer and answer[0] == "ack":
            pending.append(asyncio.create_task(approve(answer[1]["question"]["id"])))

    async def upvote(index: int, question: int):
        await pupils[index].request("question.upvote", {"question_id": question}, stats)

    start = time.monotonic() + random.uniform(0, ASK_EVERY_S)
    next_ask, next_vote = start, start + random.uniform(0, 1 / UPVOTES_PER_S)
    while time.monotonic() < until:
        now = time.monotonic()
        if now >= next_ask:
            ready = [i for i, at in enumerate(last_asked) if now - at > 12]
            if ready:
                index = random.choice(ready)
                last_asked[index] = now
                pending.append(asyncio.create_task(ask(index)))
            next_ask += ASK_EVERY_S
        if now >= next_vote and approved:
            index, question = random.randrange(len(pupils)), random.choice(list(approved))
            if (index, question) not in voted:
                voted.add((index, question))
                pending.append(asyncio.create_task(upvote(index, question)))
            next_vote += 1 / UPVOTES_PER_S
        await asyncio.sleep(max(0.01, min(next_ask, next_vote) - time.monotonic()))
    await asyncio.gather(*pending, return_exceptions=True)
    return approved


async def explore(client, bar, cookie: str, data: dict, watching: bool, stats, until):
    """One exploring pupil's pages, pings on its session bar (None when it did not connect:
    counted already, the pupil browses all the same) and, when watching, testimonial segments."""

    async def get(path: str, into: list[float]):
        began = time.monotonic()
        try:
            answer = await client.get(path, headers={"Cookie": f"sessionid={cookie}"})
            await answer.aread()
        except Exception as failed:  # counted as an error, whatever it is
            stats.error(f"GET {type(failed).__name__}")
            return
        into.append((time.monotonic() - began) * 1000)
        if answer.status_code != 200:
            stats.error(f"GET {answer.status_code}")

    now = time.monotonic()
    # Each pupil's first action at a random moment of its period: arrivals spread evenly.
    plan = {
        "page": now + random.uniform(0, PAGE_EVERY_S),
        "town": now + random.uniform(0, TOWN_EVERY_S),
        "ping": now + random.uniform(0, PING_EVERY_S),
    }
    if watching:
        plan["segment"] = now + random.uniform(0, SEGMENT_EVERY_S)
    tasks = []
    frame_id = 0
    while True:
        action, at = min(plan.items(), key=lambda item: item[1])
        if at >= until:
            break
        await asyncio.sleep(max(0.0, at - time.monotonic()))
        if action == "page":
            tasks.append(asyncio.create_task(get(random.choice(data["buildings"]), stats.pages)))
            plan[action] += PAGE_EVERY_S
        elif action == "town":
            tasks.append(asyncio.create_task(get("/api/town", stats.pages)))
            plan[action] += TOWN_EVERY_S
        elif action == "segment":
            tasks.append(asyncio.create_task(get(random.choice(data["segments"]), stats.segments)))
            plan[action] += SEGMENT_EVERY_S
        else:
            if bar is not None and not bar.closed:
                frame_id += 1
                slug = random.choice(data["buildings"]).rstrip("/").rsplit("/", 1)[-1]
                bar.send(0x1, json.dumps(["here", frame_id, {"building": slug}]).encode())
            plan[action] += PING_EVERY_S
    await asyncio.gather(*tasks)


async def run_load(port: int, form: dict, data: dict, scale: float, seconds: float, pids) -> dict:
    import httpx

    loop = asyncio.get_running_loop()
    stats = Stats()
    n = counts(scale)
    host = f"127.0.0.1:{port}"
    gate = asyncio.Semaphore(100)

    async def bar_for(booking: int, cookie: str) -> SessionBar | None:
        bar = SessionBar(host, f"/ws/classe/{booking}/", cookie, {})
        bar.stats = stats
        async with gate:
            try:
                await loop.create_connection(lambda: bar, "127.0.0.1", port, local_addr=(SOURCE, 0))
                await asyncio.wait_for(bar.held, 60)
                return bar
            except (OSError, ConnectionError, TimeoutError):
                stats.error("socket not connected")
                return None

    async def room_client(room: dict, cookie: str) -> RoomClient | None:
        client = RoomClient(port, f"/ws/live/{room['id']}/", cookie, SOURCE)
        async with gate:
            try:
                await client.connect()
                return client
            except (OSError, ConnectionError, TimeoutError):
                stats.error("socket not connected")
                return None

    # Warm-up: each worker loads its code (consumers, templates) before the memory is read.
    async with httpx.AsyncClient(base_url=f"http://{host}", timeout=60) as client:
        for path in [*data["buildings"][:4], "/api/town"] * 2:
            with contextlib.suppress(httpx.HTTPError):
                await client.get(path, headers={"Cookie": f"sessionid={form['explorers'][0][1]}"})
    warm = await asyncio.gather(*(bar_for(*seat) for seat in form["explorers"][:20]))
    for bar in warm:
        if bar is not None:
            bar.transport.close()
    await asyncio.sleep(2)
    stats.errors.clear()
    rss_before = rss_kb(pids())

    began = time.monotonic()
    rooms = form["rooms"]
    explorers = form["explorers"]
    extra = n["sockets"] - len(rooms) * (2 * ROOM_PUPILS + 1) - len(explorers)
    opening = [
        *(room_client(r, key) for r in rooms for key in [r["moderator"], *r["pupils"]]),
        *(bar_for(r["booking"], key) for r in rooms for key in r["pupils"]),
        *(bar_for(*seat) for seat in explorers),
        *(bar_for(*explorers[i % len(explorers)]) for i in range(extra)),
    ]
    # Opened in a random order: when CONNECT_S runs out, every kind of socket has its share.
    order = random.sample(range(len(opening)), len(opening))
    started = {index: asyncio.ensure_future(opening[index]) for index in order}
    tasks = [started[index] for index in range(len(opening))]
    # Bounded: what did not connect within CONNECT_S is counted and left out.
    _done, late = await asyncio.wait(tasks, timeout=CONNECT_S)
    for task in late:
        task.cancel()
        stats.error("socket not connected within CONNECT_S")
    await asyncio.gather(*late, return_exceptions=True)
    connected = [None if task in late else task.result() for task in tasks]
    connect_s = time.monotonic() - began
    await asyncio.sleep(3)
    rss_after = rss_kb(pids())
    held = sum(1 for c in connected if c is not None)
    room_sockets = len(rooms) * (1 + ROOM_PUPILS)
    clients: list[RoomClient | None] = connected[:room_sockets]
    bars: list[SessionBar | None] = connected[room_sockets:]
    explorer_bars = bars[len(rooms) * ROOM_PUPILS : len(rooms) * ROOM_PUPILS + len(explorers)]
    print(f"  {held} sockets held after {connect_s:.0f} s", flush=True)

    until = time.monotonic() + seconds
    lives = []
    for r, room in enumerate(rooms):
        moderator, *pupils = clients[r * (1 + ROOM_PUPILS) : (r + 1) * (1 + ROOM_PUPILS)]
        pupils = [p for p in pupils if p is not None]
        if moderator is not None and pupils:
            lives.append((pupils, room_life(room, pupils, moderator, stats, until)))
    watchers = round(len(explorers) * WATCHING)
    limits = httpx.Limits(max_connections=100, max_keepalive_connections=100)
    async with httpx.AsyncClient(base_url=f"http://{host}", timeout=30, limits=limits) as client:
        results = await asyncio.gather(
            *(life for _pupils, life in lives),
            *(
                explore(client, bar, seat[1], data, i < watchers, stats, until)
                for i, (bar, seat) in enumerate(zip(explorer_bars, explorers, strict=True))
            ),
        )
    await asyncio.sleep(DRAIN_S)
    approvals = lost = 0
    for (pupils, _life), approved in zip(lives, results, strict=False):
        approvals += len(approved)
        for pupil in pupils:
            for question, sent in approved.items():
                if question in pupil.arrivals:
                    stats.deliveries.append((pupil.arrivals[question] - sent) * 1000)
                else:
                    lost += 1
    resyncs = sum(c.resyncs for c in clients if c is not None)
    closed = sum(1 for b in bars if b is not None and b.closed)
    for c in connected:
        if isinstance(c, RoomClient):
            c.close()
        elif c is not None:
            c.transport.close()
    if closed:
        stats.errors["session bars closed by the server"] = closed

    def p95(values):
        return sorted(values)[int(len(values) * 0.95)] if values else float("nan")

    return {
        "sockets": held,
        "connect_s": connect_s,
        "kb_per_socket": (rss_after - rss_before) / max(held, 1),
        "page_p95_ms": p95(stats.pages),
        "pages": len(stats.pages),
        "segment_p95_ms": p95(stats.segments),
        "segments": len(stats.segments),
        "question_p95_ms": p95(stats.deliveries),
        "approvals": approvals,
        "lost": lost,
        "refusals": stats.refusals,
        "resyncs": resyncs,
        "errors": sum(stats.errors.values()),
        "error_kinds": dict(stats.errors),
    }


# --- Forms --------------------------------------------------------------------------------------


def production_row(env, folder, data, scale, seconds) -> dict:
    from tests.servers import production_form

    with production_form(env, folder / "form", workers=2) as form:
        port = int(form.url.rsplit(":", 1)[1])
        master = int((form.folder / "nginx" / "nginx.pid").read_text())

        def pids():
            return [p.pid for p in form.workers] + [master, *children(master)]

        return asyncio.run(run_load(port, data["production"], data, scale, seconds, pids))


def baseline_row(env, data, scale, seconds) -> dict:
    with server(env, workers=1) as base:
        port = int(base.rsplit(":", 1)[1])
        uvicorn = [
            pid
            for pid in children(os.getpid())
            if b"uvicorn" in Path(f"/proc/{pid}/cmdline").read_bytes()
        ]
        return asyncio.run(run_load(port, data["baseline"], data, scale, seconds, lambda: uvicorn))


def cpu_load() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="every count times this")
    parser.add_argument("--seconds", type=float, default=60.0, help="load per form")
    parser.add_argument("--setup", type=float, metavar="SCALE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup is not None:
        print(json.dumps(setup(args.setup)))
        return
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    from tests.servers import redis_server

    n = counts(args.scale)
    folder = Path(tempfile.mkdtemp(prefix="usine-bench-design-"))
    rows = []
    with postgres() as database, redis_server(folder) as redis:
        env = prepared_env(database_url=database, REDIS_URL=redis, SECRET_KEY="bench-" * 8)
        env["MEDIA_X_ACCEL"] = "1"  # as scripts/run-production.sh; the baseline ignores it
        data = json.loads(
            subprocess.run(
                [sys.executable, __file__, "--setup", str(args.scale)],
                cwd=ROOT, env=env, check=True, capture_output=True, text=True,
            ).stdout
        )  # fmt: skip
        print(f"{n['sockets']} sockets, {n['rooms']} rooms, {n['explorers']} exploring pupils")
        print("production form: nginx + 2 workers", flush=True)
        loads = [cpu_load()]
        rows.append(
            ("nginx + 2 workers", production_row(env, folder, data, args.scale, args.seconds))
        )
        loads.append(cpu_load())
        baseline_env = {k: v for k, v in env.items() if k != "MEDIA_X_ACCEL"}
        print("baseline: the embedded single process", flush=True)
        rows.append(
            ("embedded, 1 process", baseline_row(baseline_env, data, args.scale, args.seconds))
        )
        loads.append(cpu_load())
    print(f"{'':20} {'sockets':>7} {'conn_s':>6} {'kb/sock':>7} {'pages':>6} {'page_p95':>8} "
          f"{'hls_p95':>7} {'approved':>8} {'q_p95':>7} {'lost':>5} {'refused':>7} "
          f"{'resyncs':>7} {'errors':>6}")  # fmt: skip
    for name, r in rows:
        print(f"{name:20} {r['sockets']:7} {r['connect_s']:6.0f} {r['kb_per_socket']:7.1f} "
              f"{r['pages']:6} {r['page_p95_ms']:8.0f} {r['segment_p95_ms']:7.0f} "
              f"{r['approvals']:8} {r['question_p95_ms']:7.0f} {r['lost']:5} {r['refusals']:7} "
              f"{r['resyncs']:7} {r['errors']:6}")  # fmt: skip
        if r["error_kinds"]:
            print(f"  errors: {r['error_kinds']}")
    print(f"load average (1 min) before, between, after: {', '.join(loads)} on "
          f"{os.cpu_count()} cores")  # fmt: skip
    fair, baseline = rows[0][1], rows[1][1]
    print(
        f"RESULT sockets={fair['sockets']} page_p95_ms={fair['page_p95_ms']:.0f} "
        f"question_p95_ms={fair['question_p95_ms']:.0f} lost={fair['lost']} "
        f"errors={fair['errors']} kb_per_socket={fair['kb_per_socket']:.1f} "
        f"baseline_page_p95_ms={baseline['page_p95_ms']:.0f} "
        f"baseline_errors={baseline['errors']}"
    )


if __name__ == "__main__":
    main()
