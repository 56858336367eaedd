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
floor_p95_ms, the floor measured in the same run: a constant view (/healthz) requested on a
fixed schedule through the same nginx, workers, database pool and client queue, so what every
request waits under this load on this machine (queues, not work) shows apart from what the pages
cost (page_vs_floor = page p95 over the floor's; absolute times differ threefold between machines);
question_p95_ms from the moderator's approval leaving to the `question.approved` frame reaching
each pupil of the room; lost: approvals (acknowledged to the moderator) some pupil never got,
per pupil, DRAIN_S after the end; errors: what the server did wrong or refused, only: HTTP
answers other than 200 (or none within 30 s), error frames that are not a refusal a pupil may get
(slow mode, a double upvote), requests on an open socket unanswered within 30 s, sockets that
failed to connect, session bars the server closed. A room socket the server closes reconnects as
the page does (backoff, then `sync` from its last event; requests wait for the new connection)
and is counted apart as a resync, with the close codes; a request its close interrupted is the
client's "offline" (the moderator approves again once synced if the question still shows
pending). client_failures: the load generator's own failures (its exceptions, requests a closed
socket never let out), printed apart and never counted in errors. kb_per_socket: RSS of the
workers and nginx after connecting, minus before, over the sockets held.

The client: one process a core (on uvloop, raw WebSocket frames, a minimal HTTP/1.1 client), on
the same cores as the server (their CPU during the load is printed beside the server's); rooms
are dealt whole between them. Process k's sockets connect from 127.0.0.(2+k), its pages from
127.0.0.1. The load starts once every process has connected what it could (bounded by
CONNECT_S) and the memory was read; errors are printed grouped by cause (a refused handshake's
status, a close code, a timeout). Bounded: connecting stops after CONNECT_S, the load after
--seconds.

Last line: RESULT sockets=… page_p95_ms=… question_p95_ms=… lost=… errors=… kb_per_socket=…
floor_p95_ms=… page_vs_floor=… baseline_page_p95_ms=…
baseline_errors=… client_failures=… baseline_client_failures=…
"""

import argparse
import asyncio
import contextlib
import errno
import hashlib
import json
import multiprocessing
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._server import postgres, prepared_env, server  # noqa: E402
from bench.idle_sockets import Bar, children, cpu_seconds, rss_kb  # noqa: E402
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
# The floor: a constant view (/healthz: one SELECT 1) through the same nginx, workers, database
# pool and client queue, every FLOOR_EVERY_S from each client process during the load.
FLOOR_EVERY_S = 0.5
CONNECT_S = 90.0
DRAIN_S = 5.0
# A room socket's reconnection, as the page's (frontend/src/socket.js): exponential backoff with
# full jitter; a request waits this long for a connection before the client gives up on it.
BACKOFF_MIN_S, BACKOFF_MAX_S = 0.5, 15.0
OFFLINE_WAIT_S = 30.0
# Handshakes under way at once, and page connections, per client process.
CONNECTING = 100
PAGE_CONNECTIONS = 50
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
    """What one form's run measured. `errors`: what the server did wrong or refused; `client`:
    what went wrong on the load generator's side (a bug of ours, a request a closed socket
    never let out), printed apart and never counted as the server's."""

    def __init__(self):
        self.pages: list[float] = []
        self.floor: list[float] = []
        self.segments: list[float] = []
        self.deliveries: list[float] = []
        self.errors: dict[str, int] = {}
        self.client: dict[str, int] = {}
        self.refusals = 0
        self.resent = 0  # approvals sent again after a reconnection, as a moderator clicks again

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1

    def client_failure(self, kind: str) -> None:
        self.client[kind] = self.client.get(kind, 0) + 1

    def crashed(self, failed: BaseException) -> None:
        """An exception in the client's own code: the load generator's bug, not the server's."""
        self.client_failure(f"client exception {type(failed).__name__}: {failed}"[:120])


class ClientBug(Exception):
    """An exception of the client's own code where a server's answer was expected."""

    def __init__(self, failed: BaseException):
        super().__init__(f"{type(failed).__name__}: {failed}")


class Offline(ConnectionError):
    """The page's "offline": no open connection to send on, or it closed before the answer."""


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
    """A pupil's or a moderator's live room socket, as the page's FrameSocket (frontend/src/
    socket.js) behaves: requests go out on an open, synced connection only; a connection that
    closes fails the requests waiting for their answer ("offline"); the client reconnects with
    the page's backoff (exponential, full jitter, for as long as the page is open) and syncs
    from the last event it saw. Only then is the new connection the one requests use."""

    def __init__(self, *args):
        super().__init__(*args)
        self.waiting: dict[int, asyncio.Future] = {}
        self.next_id = 0
        self.online = asyncio.Event()
        self.close_codes: Counter = Counter()  # the server's, of the connections it closed

    async def connect(self) -> None:
        loop = asyncio.get_running_loop()
        receiver = Answering(self, f"127.0.0.1:{self.port}")
        try:
            await loop.create_connection(
                lambda: receiver, "127.0.0.1", self.port, local_addr=(self.source, 0)
            )
            await asyncio.wait_for(receiver.synced, 60)
        except BaseException:
            if receiver.transport is not None:
                receiver.transport.close()
            if self.receiver is None:
                self.receiver = receiver  # its close code, for the report of a failed connect
            raise
        if receiver.transport.is_closing():  # closed between its sync and now
            raise Offline("closed after its sync")
        self.receiver = receiver
        self.online.set()

    def lost(self) -> None:
        self.online.clear()
        if self.receiver is not None:
            # 1006 without a close frame (the connection cut), as a browser reports it.
            self.close_codes[self.receiver.close_code or 1006] += 1
        waiting, self.waiting = self.waiting, {}
        for answer in waiting.values():
            if not answer.done():
                answer.set_exception(Offline("closed before the answer"))
        super().lost()

    async def _reconnect(self) -> None:
        attempt = 0
        try:
            while not self.done:
                ceiling = min(BACKOFF_MAX_S, BACKOFF_MIN_S * 2**attempt)
                attempt += 1
                await asyncio.sleep(BACKOFF_MIN_S / 2 + random.random() * ceiling)
                with contextlib.suppress(OSError, ConnectionError, asyncio.TimeoutError):
                    await self.connect()
                    return
        finally:
            self.reconnecting = None

    async def request(self, action: str, payload: dict, stats: Stats, refusals=REFUSALS):
        """Sends a frame once the connection is open; the answer's (kind, body). None when
        there was none: counted as the server's error when an open connection got no answer
        within 30 s, as the client's when the connection was down (raises Offline then)."""
        try:
            await asyncio.wait_for(self.online.wait(), OFFLINE_WAIT_S)
        except TimeoutError:
            raise Offline(f"no connection within {OFFLINE_WAIT_S:.0f} s") from None
        if self.receiver.transport.is_closing():  # closed this instant: lost() comes next
            raise Offline("closing")
        self.next_id += 1
        frame_id = self.next_id
        answer = self.waiting[frame_id] = asyncio.get_running_loop().create_future()
        self.receiver.send_frame(0x1, json.dumps([action, frame_id, payload]).encode())
        try:
            kind, body = await asyncio.wait_for(answer, 30)
        except TimeoutError:
            self.waiting.pop(frame_id, None)
            stats.error(f"{action} unanswered within 30 s")
            return None
        if kind == "error":
            if body.get("code") in refusals:
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
    """Pupils ask, the moderator approves, pupils upvote; answers {question: approve sent}.

    A request the connection's close interrupted (or that waited in vain for a connection) is
    the client's "offline", counted apart. The moderator then does what she would on the page
    once it has synced again: the question shows approved (its event came with the sync: the
    first approval went through), or still pending, and she approves it again."""
    approved: dict[int, float] = {}
    last_asked = [0.0] * len(pupils)
    voted: set[tuple[int, int]] = set()
    pending: list[asyncio.Task] = []

    async def offline(action: str, request) -> tuple | None:
        try:
            return await request
        except Offline as failed:
            stats.client_failure(f"{action} not answered: offline ({failed})")
            return None

    async def approve(question: int):
        await asyncio.sleep(MODERATION_DELAY_S)
        sent = first = time.monotonic()
        refusals = REFUSALS
        while True:
            try:
                answer = await moderator.request(
                    "question.approve", {"question_id": question}, stats, refusals
                )
            except Offline as failed:
                stats.client_failure(f"question.approve interrupted: offline ({failed})")
                try:
                    await asyncio.wait_for(moderator.online.wait(), OFFLINE_WAIT_S)
                except TimeoutError:
                    return
                if question in moderator.arrivals:
                    approved[question] = sent
                    return
                stats.resent += 1
                sent = time.monotonic()
                # Approved by the first frame after all (handled after the sync read): the page
                # says so ("invalid_state"), a refusal the moderator may get, not an error.
                refusals = REFUSALS | {"invalid_state"}
                continue
            if answer and answer[0] == "ack":
                approved[question] = sent
            elif answer and answer[1].get("code") == "invalid_state" and sent != first:
                approved[question] = first
            return

    async def ask(index: int):
        answer = await offline(
            "question.ask",
            pupils[index].request("question.ask", {"text": random.choice(QUESTIONS)}, stats),
        )
        if answer and answer[0] == "ack":
            question = answer[1]["question"]["id"]
            voted.add((index, question))  # her own question: the others vote for it
            pending.append(asyncio.create_task(approve(question)))

    async def upvote(index: int, question: int):
        await offline(
            "question.upvote",
            pupils[index].request("question.upvote", {"question_id": question}, stats),
        )

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
    # Asks append their approvals while this waits: until every task, late ones too, is over.
    done = 0
    while done < len(pending):
        batch = pending[done:]
        done = len(pending)
        for outcome in await asyncio.gather(*batch, return_exceptions=True):
            if isinstance(outcome, Exception):
                stats.crashed(outcome)
    return approved


class Pages:
    """A minimal HTTP/1.1 client: CONNECTIONS keep-alive connections taking GETs from one queue.
    (httpx's pool spent the client's CPU on its own bookkeeping, quadratic in the requests
    waiting, as soon as the server fell behind: no page was measured at all.) A request's time
    counts from its scheduled instant, its wait for a free connection included (open loop)."""

    def __init__(self, port: int, connections: int):
        self.port = port
        self.queue: asyncio.Queue = asyncio.Queue()
        self.workers = [asyncio.ensure_future(self._work()) for _ in range(connections)]

    async def get(self, path: str, cookie: str) -> int:
        """The answer's status, its body read; raises what went wrong (TimeoutError: no
        answer within 30 s of the request's instant, its wait for a connection included)."""
        answer = asyncio.get_running_loop().create_future()
        self.queue.put_nowait((path, cookie, answer))
        return await asyncio.wait_for(answer, 30)

    async def _work(self) -> None:
        reader = writer = None
        while True:
            path, cookie, answer = await self.queue.get()
            if answer.done():  # given up (30 s) while it waited for a connection
                continue
            # What a browser sends: its languages, gzip, and the CSRF cookie it holds from its
            # first page on (without it each page would make a new secret and set the cookie).
            request = (
                f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
                "Accept-Language: fr-FR,fr;q=0.9\r\nAccept-Encoding: gzip, deflate\r\n"
                f"Cookie: sessionid={cookie}; csrftoken={csrf_secret(cookie)}\r\n\r\n"
            ).encode()
            reused = writer is not None
            while True:
                try:
                    if writer is None:
                        reader, writer = await asyncio.open_connection(
                            "127.0.0.1", self.port, limit=2**20
                        )
                    writer.write(request)
                    status, keep = await asyncio.wait_for(read_response(reader), 30)
                except (OSError, EOFError, ValueError, TimeoutError) as failed:
                    if writer is not None:
                        writer.close()
                    reader = writer = None
                    if reused and not isinstance(failed, TimeoutError):
                        reused = False  # a kept connection the server had closed: once more
                        continue
                    if not answer.done():
                        answer.set_exception(failed)
                    break
                except Exception as failed:  # our bug: the connection is dropped, not the worker
                    if writer is not None:
                        writer.close()
                    reader = writer = None
                    if not answer.done():
                        answer.set_exception(ClientBug(failed))
                    break
                if not keep:
                    writer.close()
                    reader = writer = None
                if not answer.done():
                    answer.set_result(status)
                break

    def close(self) -> None:
        for worker in self.workers:
            worker.cancel()


def csrf_secret(session: str) -> str:
    """A browser's own CSRF cookie (an unmasked secret of 32 letters and digits)."""
    return hashlib.md5(session.encode(), usedforsecurity=False).hexdigest()


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """(status, whether the connection stays open) of one HTTP/1.1 answer, its body read."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as closed:
        raise EOFError("connection closed") from closed
    lines = head.split(b"\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _colon, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip().lower()
    if headers.get(b"transfer-encoding") == b"chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)  # the chunk and its CRLF (the last: no trailer)
            if size == 0:
                break
    else:
        await reader.readexactly(int(headers.get(b"content-length", b"0")))
    return status, headers.get(b"connection") != b"close"


async def timed_get(client, path: str, cookie: str, into: list[float], stats) -> None:
    """A GET's time from its scheduled instant into `into`; what went wrong into `stats`."""
    began = time.monotonic()
    try:
        status = await client.get(path, cookie)
    except ClientBug as failed:
        stats.client_failure(f"GET: client exception {failed}"[:120])
        return
    except (OSError, EOFError, ValueError, TimeoutError) as failed:
        # Refused, closed, malformed or no answer within 30 s: the server's.
        stats.error(f"GET {type(failed).__name__}")
        return
    except Exception as failed:
        stats.crashed(failed)
        return
    into.append((time.monotonic() - began) * 1000)
    if status != 200:
        stats.error(f"GET {status}")


async def floor_probe(client, cookie: str, stats, until) -> None:
    """The constant view on a fixed schedule: what any request waits under this load (nginx,
    the workers' event loops and threads, the database pool, this client's queue), beside
    which the pages' own cost shows."""
    tasks = []
    at = time.monotonic() + random.uniform(0, FLOOR_EVERY_S)
    while at < until:
        await asyncio.sleep(max(0.0, at - time.monotonic()))
        tasks.append(asyncio.create_task(timed_get(client, "/healthz", cookie, stats.floor, stats)))
        at += FLOOR_EVERY_S
    await asyncio.gather(*tasks)


async def explore(client, bar, cookie: str, data: dict, watching: bool, stats, until):
    """One exploring pupil's pages, pings on its session bar (None when it did not connect:
    counted already, the pupil browses all the same) and, when watching, testimonial segments."""

    async def get(path: str, into: list[float]):
        await timed_get(client, path, cookie, into, stats)

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
            # Sent on an open session bar only (the page's `send` returns false otherwise).
            if bar is not None and not bar.closed and not bar.transport.is_closing():
                frame_id += 1
                slug = random.choice(data["buildings"]).rstrip("/").rsplit("/", 1)[-1]
                bar.send(0x1, json.dumps(["here", frame_id, {"building": slug}]).encode())
            plan[action] += PING_EVERY_S
    await asyncio.gather(*tasks)


def not_connected(error: BaseException, close_code: int | None) -> str:
    """Why a socket did not connect, in a few words: errors are printed grouped by cause."""
    if close_code is not None:
        return f"socket closed by the server before its first frame (code {close_code})"
    if isinstance(error, TimeoutError):
        return "socket not connected: no first frame within 60 s"
    if isinstance(error, OSError) and error.errno:
        return f"socket not connected: {errno.errorcode.get(error.errno, error.errno)}"
    text = str(error)
    if text.startswith("HTTP/"):  # the handshake refused: its status line
        return f"socket refused: {text.splitlines()[0].strip()}"
    return f"socket not connected: {text or type(error).__name__}"


async def client_load(port: int, shard: dict, data: dict, pipe) -> None:
    """One client process's share: connect its sockets (within CONNECT_S), report, wait for
    the parent's go (every process connected, the memory read), run the load until the instant
    it sends (time.monotonic() is the machine's clock, the same in every process), report."""
    loop = asyncio.get_running_loop()
    stats = Stats()
    host = f"127.0.0.1:{port}"
    source = shard["source"]
    gate = asyncio.Semaphore(CONNECTING)

    async def bar_for(booking: int, cookie: str) -> SessionBar | None:
        bar = SessionBar(host, f"/ws/classe/{booking}/", cookie, {})
        bar.stats = stats
        async with gate:
            try:
                await loop.create_connection(lambda: bar, "127.0.0.1", port, local_addr=(source, 0))
                await asyncio.wait_for(bar.held, 60)
                return bar
            except (OSError, ConnectionError, TimeoutError) as failed:
                stats.error(not_connected(failed, bar.close_code))
                if bar.transport is not None:
                    bar.transport.close()
                return None

    async def room_client(room: dict, cookie: str) -> RoomClient | None:
        client = RoomClient(port, f"/ws/live/{room['id']}/", cookie, source)
        async with gate:
            try:
                await client.connect()
                return client
            except (OSError, ConnectionError, TimeoutError) as failed:
                receiver = client.receiver
                stats.error(not_connected(failed, receiver and receiver.close_code))
                client.close()
                return None

    began = time.monotonic()
    rooms, explorers, extra = shard["rooms"], shard["explorers"], shard["extra"]
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
    if tasks:
        # Bounded: what did not connect within CONNECT_S is counted and left out.
        _done, late = await asyncio.wait(tasks, timeout=CONNECT_S)
    else:
        late = set()
    for task in late:
        task.cancel()
        stats.error("socket not connected within CONNECT_S")
    await asyncio.gather(*late, return_exceptions=True)
    connected = [None if task in late else task.result() for task in tasks]
    room_sockets = len(rooms) * (1 + ROOM_PUPILS)
    clients: list[RoomClient | None] = connected[:room_sockets]
    bars: list[SessionBar | None] = connected[room_sockets:]
    explorer_bars = bars[len(rooms) * ROOM_PUPILS : len(rooms) * ROOM_PUPILS + len(explorers)]
    pipe.send(
        {
            "held": sum(1 for c in connected if c is not None),
            "connect_s": time.monotonic() - began,
        }
    )

    until = await loop.run_in_executor(None, pipe.recv)
    cpu_began = time.process_time()
    lives = []
    for r, room in enumerate(rooms):
        moderator, *pupils = clients[r * (1 + ROOM_PUPILS) : (r + 1) * (1 + ROOM_PUPILS)]
        pupils = [p for p in pupils if p is not None]
        if moderator is not None and pupils:
            lives.append((pupils, room_life(room, pupils, moderator, stats, until)))
    watching = shard["watching"]
    client = Pages(port, PAGE_CONNECTIONS)
    results = await asyncio.gather(
        *(life for _pupils, life in lives),
        *(
            explore(client, bar, seat[1], data, i < watching, stats, until)
            for i, (bar, seat) in enumerate(zip(explorer_bars, explorers, strict=True))
        ),
        floor_probe(client, explorers[0][1] if explorers else "", stats, until),
        return_exceptions=True,
    )
    for outcome in results:
        if isinstance(outcome, Exception):
            stats.crashed(outcome)
    client.close()
    await asyncio.sleep(DRAIN_S)
    cpu_s = time.process_time() - cpu_began
    approvals = lost = 0
    for (pupils, _life), approved in zip(lives, results, strict=False):
        if isinstance(approved, Exception):
            continue  # counted above
        approvals += len(approved)
        for pupil in pupils:
            for question, sent in approved.items():
                if question in pupil.arrivals:
                    stats.deliveries.append((pupil.arrivals[question] - sent) * 1000)
                else:
                    lost += 1
    resyncs = sum(c.resyncs for c in clients if c is not None)
    room_closes: Counter = Counter()
    for c in clients:
        if c is not None:
            room_closes.update(c.close_codes)
    closed = Counter(b.close_code for b in bars if b is not None and b.closed)
    for c in connected:
        if isinstance(c, RoomClient):
            c.close()
        elif c is not None:
            c.transport.close()
    for code, count in closed.items():
        stats.errors[f"session bar closed by the server (code {code})"] = count
    pipe.send(
        {
            "pages": stats.pages,
            "floor": stats.floor,
            "segments": stats.segments,
            "deliveries": stats.deliveries,
            "errors": stats.errors,
            "client": stats.client,
            "resent": stats.resent,
            "room_closes": dict(room_closes),
            "refusals": stats.refusals,
            "approvals": approvals,
            "lost": lost,
            "resyncs": resyncs,
            "cpu_s": cpu_s,
        }
    )


def client_process(port: int, shard: dict, data: dict, pipe) -> None:
    """A client process's life (multiprocessing's target): on uvloop, as the workers."""
    import uvloop

    uvloop.run(client_load(port, shard, data, pipe))


def shards(form: dict, n: dict, processes: int) -> list[dict]:
    """Rooms (whole: a room's moderator and pupils in one process, which times its deliveries),
    exploring pupils and extra tabs dealt between the client processes, each connecting from
    its own address."""
    rooms, explorers = form["rooms"], form["explorers"]
    extra = n["sockets"] - len(rooms) * (2 * ROOM_PUPILS + 1) - len(explorers)
    watchers = round(len(explorers) * WATCHING)
    return [
        {
            "source": f"127.0.0.{2 + k}",
            "rooms": rooms[k::processes],
            "explorers": explorers[k::processes],
            "extra": extra // processes + (k < extra % processes),
            "watching": watchers // processes + (k < watchers % processes),
        }
        for k in range(processes)
    ]


async def warm_up(port: int, form: dict, data: dict) -> None:
    """Each worker loads its code (consumers, templates) before the memory is read."""
    import httpx

    loop = asyncio.get_running_loop()
    host = f"127.0.0.1:{port}"
    cookie = form["explorers"][0][1]
    async with httpx.AsyncClient(base_url=f"http://{host}", timeout=60) as client:
        for path in [*data["buildings"][:4], "/api/town"] * 2:
            with contextlib.suppress(httpx.HTTPError):
                await client.get(path, headers={"Cookie": f"sessionid={cookie}"})
    bars = []
    for booking, key in form["explorers"][:20]:
        bar = Bar(host, f"/ws/classe/{booking}/", key, {})
        with contextlib.suppress(OSError, ConnectionError, TimeoutError):
            await loop.create_connection(lambda b=bar: b, "127.0.0.1", port)
            await asyncio.wait_for(bar.held, 60)
        bars.append(bar)
    for bar in bars:
        if bar.transport is not None:
            bar.transport.close()
    await asyncio.sleep(2)


def machine_busy(since: tuple[int, int] | None = None):
    """/proc/stat's (busy, total) jiffies of every core now, or, `since` a former reading, the
    percentage of the machine's cores busy meanwhile (whoever ran: the machine is shared)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    now = (sum(fields) - idle, sum(fields))
    if since is None:
        return now
    return (now[0] - since[0]) / max(now[1] - since[1], 1) * 100


def received(pipe, within: float, what: str):
    if not pipe.poll(within):
        raise RuntimeError(f"a client process sent no {what} within {within:.0f} s")
    return pipe.recv()


def run_load(port: int, form: dict, data: dict, scale: float, seconds: float, pids) -> dict:
    asyncio.run(warm_up(port, form, data))
    rss_before = rss_kb(pids())
    processes = os.cpu_count() or 1
    context = multiprocessing.get_context("spawn")
    pipes, clients = [], []
    began = time.monotonic()
    server_cpu, machine = cpu_seconds(pids()), machine_busy()
    for shard in shards(form, counts(scale), processes):
        ours, theirs = context.Pipe()
        process = context.Process(target=client_process, args=(port, shard, data, theirs))
        process.start()
        pipes.append(ours)
        clients.append(process)
    try:
        connecting = [received(pipe, CONNECT_S + 60, "count of sockets") for pipe in pipes]
        connect_s = time.monotonic() - began
        connect_cpu = (cpu_seconds(pids()) - server_cpu) / connect_s * 100
        connect_busy = machine_busy(since=machine)
        time.sleep(3)  # the last connections' first writes settle
        rss_after = rss_kb(pids())
        held = sum(report["held"] for report in connecting)
        print(f"  {held} sockets held after {connect_s:.0f} s", flush=True)
        server_cpu, machine = cpu_seconds(pids()), machine_busy()
        wall = time.monotonic()
        until = wall + seconds
        for pipe in pipes:
            pipe.send(until)
        reports = [received(pipe, seconds + DRAIN_S + 120, "figures") for pipe in pipes]
        wall = time.monotonic() - wall
        server_cpu = cpu_seconds(pids()) - server_cpu
        load_busy = machine_busy(since=machine)
    finally:
        for process in clients:
            process.join(10)
            if process.is_alive():
                process.kill()
    errors: Counter = Counter()
    client: Counter = Counter()
    room_closes: Counter = Counter()
    for report in reports:
        errors.update(report["errors"])
        client.update(report["client"])
        room_closes.update(report["room_closes"])

    def merged(key):
        return [value for report in reports for value in report[key]]

    def total(key):
        return sum(report[key] for report in reports)

    def p95(values):
        return sorted(values)[int(len(values) * 0.95)] if values else float("nan")

    pages, segments, deliveries = merged("pages"), merged("segments"), merged("deliveries")
    floor = merged("floor")
    return {
        "sockets": held,
        "connect_s": connect_s,
        "kb_per_socket": (rss_after - rss_before) / max(held, 1),
        "page_p95_ms": p95(pages),
        "floor_p95_ms": p95(floor),
        "floors": len(floor),
        "pages": len(pages),
        "segment_p95_ms": p95(segments),
        "segments": len(segments),
        "question_p95_ms": p95(deliveries),
        "approvals": total("approvals"),
        "lost": total("lost"),
        "refusals": total("refusals"),
        "resyncs": total("resyncs"),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors.most_common()),
        "client_failures": sum(client.values()),
        "client_kinds": dict(client.most_common()),
        "resent": total("resent"),
        "room_closes": dict(room_closes.most_common()),
        "server_cpu_pct": server_cpu / wall * 100,
        "client_cpu_pct": total("cpu_s") / wall * 100,
        "machine_busy_pct": load_busy,
        "connect_cpu_pct": connect_cpu,
        "connect_busy_pct": connect_busy,
    }


# --- Forms --------------------------------------------------------------------------------------


def printed(name: str, r: dict) -> dict:
    """A form's row, printed as soon as it is measured (a later failure keeps it)."""
    print(f"{'':20} {'sockets':>7} {'conn_s':>6} {'kb/sock':>7} {'pages':>6} {'page_p95':>8} "
          f"{'hls_p95':>7} {'approved':>8} {'q_p95':>7} {'lost':>5} {'refused':>7} "
          f"{'resyncs':>7} {'errors':>6}")  # fmt: skip
    print(f"{name:20} {r['sockets']:7} {r['connect_s']:6.0f} {r['kb_per_socket']:7.1f} "
          f"{r['pages']:6} {r['page_p95_ms']:8.0f} {r['segment_p95_ms']:7.0f} "
          f"{r['approvals']:8} {r['question_p95_ms']:7.0f} {r['lost']:5} {r['refusals']:7} "
          f"{r['resyncs']:7} {r['errors']:6}")  # fmt: skip
    print(f"  floor (/healthz, a constant view, every {FLOOR_EVERY_S} s a client process) p95: "
          f"{r['floor_p95_ms']:.0f} ms over {r['floors']}; pages' p95 is "
          f"{r['page_p95_ms'] / max(r['floor_p95_ms'], 0.001):.1f}x it")  # fmt: skip
    print(f"  CPU connecting (% of one core): server {r['connect_cpu_pct']:.0f}; machine "
          f"busy {r['connect_busy_pct']:.0f} % (everyone's)")  # fmt: skip
    print(f"  CPU during the load (% of one core): server {r['server_cpu_pct']:.0f}, "
          f"client {r['client_cpu_pct']:.0f}; machine busy {r['machine_busy_pct']:.0f} % "
          f"(everyone's)")  # fmt: skip
    for kind, count in r["error_kinds"].items():
        print(f"  {count:6}  {kind}")
    if r["room_closes"]:
        closes = ", ".join(f"{count} x {code}" for code, count in r["room_closes"].items())
        print(f"  room sockets the server closed (each reconnected and synced: resyncs): {closes}"
              " (1011: its keepalive ping unanswered in time, or an internal error)")  # fmt: skip
    if r["resent"]:
        print(f"  {r['resent']} approvals sent again after a reconnection (the first never left)")
    # The load generator's own failures: not the server's, never in errors=.
    for kind, count in r["client_kinds"].items():
        print(f"  {count:6}  client side, not counted as the server's: {kind}")
    print(flush=True)
    return r


def production_row(env, folder, data, scale, seconds) -> dict:
    from tests.servers import production_form

    with production_form(env, folder / "form", workers=2) as form:
        port = int(form.url.rsplit(":", 1)[1])
        master = int((form.folder / "nginx" / "nginx.pid").read_text())

        def pids():
            return [p.pid for p in form.workers] + [master, *children(master)]

        return run_load(port, data["production"], data, scale, seconds, pids)


def baseline_row(env, data, scale, seconds) -> dict:
    with server(env, workers=1) as base:
        port = int(base.rsplit(":", 1)[1])
        uvicorn = [
            pid
            for pid in children(os.getpid())
            if b"uvicorn" in Path(f"/proc/{pid}/cmdline").read_bytes()
        ]
        return run_load(port, data["baseline"], data, scale, seconds, lambda: uvicorn)


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
        name = "nginx + 2 workers"
        rows.append(
            (name, printed(name, production_row(env, folder, data, args.scale, args.seconds)))
        )
        loads.append(cpu_load())
        baseline_env = {k: v for k, v in env.items() if k != "MEDIA_X_ACCEL"}
        print("baseline: the embedded single process", flush=True)
        name = "embedded, 1 process"
        rows.append(
            (name, printed(name, baseline_row(baseline_env, data, args.scale, args.seconds)))
        )
        loads.append(cpu_load())
    print(f"load average (1 min) before, between, after: {', '.join(loads)} on "
          f"{os.cpu_count()} cores")  # fmt: skip
    fair, baseline = rows[0][1], rows[1][1]
    print(
        f"RESULT sockets={fair['sockets']} page_p95_ms={fair['page_p95_ms']:.0f} "
        f"question_p95_ms={fair['question_p95_ms']:.0f} lost={fair['lost']} "
        f"errors={fair['errors']} kb_per_socket={fair['kb_per_socket']:.1f} "
        f"floor_p95_ms={fair['floor_p95_ms']:.0f} "
        f"page_vs_floor={fair['page_p95_ms'] / max(fair['floor_p95_ms'], 0.001):.1f} "
        f"baseline_page_p95_ms={baseline['page_p95_ms']:.0f} "
        f"baseline_errors={baseline['errors']} "
        f"client_failures={fair['client_failures']} "
        f"baseline_client_failures={baseline['client_failures']}"
    )


if __name__ == "__main__":
    main()
