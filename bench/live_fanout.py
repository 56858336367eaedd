"""Live room fan-out: 1,000 WebSocket clients in one room, 4 moderators approving questions.

    .venv/bin/python bench/live_fanout.py [--seconds 12] [--clients 1000]

Each row starts a real uvicorn server (bench/_server.py) on a loopback port and measures the
real path: a moderator's socket sends `question.approve`, the server stores the question's state,
the room event and the audit line, then broadcasts the event; every client records when the
`question.approved` frame of each question arrives. Latency = arrival - the moment the approve
left the moderator; lost = approved questions a client never got (within 3 s of the end).

Rows: the room hub (usine/live/rooms) with the in-memory channel layer and with Redis (a
throwaway redis-server: pub/sub between processes, RedisChannelLayer), at 10 and 50 room messages
per second, and the stock Channels path (bench/live_group_send.py: a consumer per socket, one
channel-layer message per socket) as the baseline. The 1,000 receivers use a minimal
WebSocket client (raw frames, no compression) so that the load generator does not eat the CPU
the server needs; each row connects from its own 127.0.0.x address (no TIME_WAIT reuse).

Floor rows: bench/live_fanout_floor.py, a bare `websockets` server that broadcasts the same event
frames (`websockets.broadcast`, no Django, no database) to the same clients. `cpu_ratio` is the
hub's server CPU per delivery over the floor's at the same rate: a figure that carries over to
another machine where latencies and losses at a given rate do not.

Losses and resyncs are counted apart. A client that reads too slowly is closed by the hub (code
4008); like the page, the bench's client then reconnects and syncs from the last event it saw:
`resyncs` counts those reconnections, `replayed` the approved questions that came back through
them, and `lost` only the questions a client never got.

Last line: RESULT clients=… p95_ms=… p99_ms=… lost=… redis_p95_ms=… redis_lost=…
p95_ms_at_50=… lost_at_50=… baseline_lost=… resyncs=… cpu_ratio=… cpu_ratio_at_50=… cpu_us=…
floor_cpu_us=…
"""

import argparse
import asyncio
import base64
import contextlib
import json
import os
import resource
import socket as net
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._server import free_port, prepared_env, server  # noqa: E402

PUBLISHERS = 4
PUPILS = 40
DRAIN_S = 3.0
# The ASGI application of each fan-out path.
APPS = {
    "hub": "bench.live_fanout_app:application",
    "group_send": "bench.live_group_send:application",
}
ROWS = [
    # name, layer, rate (room messages/s), fan-out path (APPS)
    ("hub, in-memory layer", "memory", 10, "hub"),
    ("hub, Redis", "redis", 10, "hub"),
    ("hub, in-memory layer", "memory", 50, "hub"),
    ("hub, Redis", "redis", 50, "hub"),
    ("group_send baseline, in-memory", "memory", 10, "group_send"),
    ("floor: websockets.broadcast", "none", 10, "floor"),
    ("floor: websockets.broadcast", "none", 50, "floor"),
]


# --- Data (run inside the server's environment: `live_fanout.py --setup N_ROOMS N_QUESTIONS`) ---


def setup(rooms: int, per_room: int) -> dict:
    """Rooms with pending questions, the pupils' and moderators' sessions; printed as JSON."""
    import datetime

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "usine.settings")
    django.setup()
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    from usine.fair.models import Edition, SessionSlot
    from usine.live.access import PUPIL_SESSION_KEY
    from usine.live.models import LiveRoom, Question
    from usine.schools import codes
    from usine.schools.models import Booking, Pupil, School, SchoolClass, Teacher

    def session(**data) -> str:
        store = SessionStore()
        store.update(data)
        store.save()
        return store.session_key

    User = get_user_model()
    edition = Edition.objects.first()
    organizer = User.objects.create_user("bench-organizer", "org@example.org", is_staff=True)
    organizer_key = session(
        **{
            SESSION_KEY: str(organizer.pk),
            BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
            HASH_SESSION_KEY: organizer.get_session_auth_hash(),
        }
    )
    school, _ = School.objects.get_or_create(
        uai="0750654D", defaults={"name": "Lycée du banc d'essai", "town": "Paris"}
    )
    result = {"organizer": organizer_key, "rooms": []}
    for index in range(rooms):
        user = User.objects.create_user(f"bench-teacher-{index}", f"t{index}@example.org")
        teacher = Teacher.objects.create(user=user, school=school)
        school_class = SchoolClass.objects.create(
            teacher=teacher,
            edition=edition,
            name=f"Banc {index}",
            level=SchoolClass.Level.TROISIEME,
            pupil_count=PUPILS,
            code=codes.new_code(),
        )
        slot = SessionSlot.objects.create(
            edition=edition,
            starts_at=datetime.datetime(2031, 1, 1, 8, tzinfo=datetime.UTC)
            + datetime.timedelta(hours=index),
        )
        room = LiveRoom.objects.create(
            booking=Booking.objects.create(school_class=school_class, slot=slot)
        )
        pupils = Pupil.objects.bulk_create(
            Pupil(school_class=school_class, pseudonym=f"Boulon {index}-{n}") for n in range(PUPILS)
        )
        created = Question.objects.bulk_create(
            Question(
                room=room,
                author=pupils[n % PUPILS],
                text=f"Question {n} : combien vous gagnez en début de carrière ?",
            )
            for n in range(per_room)
        )
        result["rooms"].append(
            {
                "id": room.pk,
                "pupils": [session(**{PUPIL_SESSION_KEY: p.pk}) for p in pupils],
                "questions": [q.pk for q in created],
            }
        )
    return result


# --- The receivers: a minimal WebSocket client --------------------------------------------------


class Listener:
    """One pupil across connections: what arrived, and the resyncs after the server closed its
    socket (a client that reads too slowly is closed with 4008; like the page, it reconnects and
    syncs from the last event it saw)."""

    def __init__(self, port: int, path: str, cookie: str, source: str):
        self.port, self.path, self.cookie, self.source = port, path, cookie, source
        self.arrivals: dict[int, float] = {}
        self.duplicates = 0
        self.last_seq = 0
        self.resyncs = 0  # reconnections that synced again
        self.replayed = 0  # approved questions that came back through a resync
        self.done = False
        self.receiver: Receiver | None = None
        self.reconnecting: asyncio.Task | None = None

    async def connect(self) -> None:
        loop = asyncio.get_running_loop()
        receiver = Receiver(self, f"127.0.0.1:{self.port}")
        self.receiver = receiver
        await loop.create_connection(
            lambda: receiver, "127.0.0.1", self.port, local_addr=(self.source, 0)
        )
        await asyncio.wait_for(receiver.synced, 30)

    def lost(self) -> None:
        if not self.done and self.reconnecting is None:
            self.resyncs += 1
            self.reconnecting = asyncio.get_running_loop().create_task(self._reconnect())

    async def _reconnect(self) -> None:
        try:
            for _attempt in range(20):
                with contextlib.suppress(OSError, ConnectionError, asyncio.TimeoutError):
                    await self.connect()
                    return
                await asyncio.sleep(0.2)
        finally:
            self.reconnecting = None

    def close(self) -> None:
        self.done = True
        if self.reconnecting is not None:
            self.reconnecting.cancel()
        if self.receiver is not None and self.receiver.transport is not None:
            self.receiver.transport.close()


class Receiver(asyncio.Protocol):
    """One connection of a pupil: handshake, `sync` from the last event seen, then note when each
    approved question arrives."""

    def __init__(self, listener: Listener, host: str):
        self.listener = listener
        self.request = (
            f"GET {listener.path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}\r\n"
            f"Sec-WebSocket-Version: 13\r\nOrigin: http://{host}\r\n"
            f"Cookie: sessionid={listener.cookie}\r\n\r\n"
        ).encode()
        self.buffer = bytearray()
        self.open = False
        self.synced = asyncio.get_running_loop().create_future()
        self.transport = None
        self.close_code = None  # the server's, when it closed the socket

    def connection_made(self, transport):
        self.transport = transport
        transport.write(self.request)

    def connection_lost(self, exc):
        if not self.synced.done():
            self.synced.set_exception(ConnectionError("closed before sync"))
        elif self.listener.receiver is self:
            self.listener.lost()

    def send_frame(self, opcode: int, payload: bytes) -> None:
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        header = bytes([0x80 | opcode])
        length = len(payload)
        header += bytes([0x80 | length]) if length < 126 else bytes([0xFE]) + length.to_bytes(2)
        self.transport.write(header + mask + masked)

    def data_received(self, data: bytes):
        now = time.monotonic()
        buffer = self.buffer
        buffer += data
        if not self.open:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            if not buffer.startswith(b"HTTP/1.1 101"):
                self.synced.set_exception(ConnectionError(bytes(buffer[:40]).decode()))
                self.transport.close()
                return
            del buffer[: end + 4]
            self.open = True
            self.send_frame(0x1, b'["sync","s",{"last":%d}]' % self.listener.last_seq)
        while len(buffer) >= 2:
            opcode, length, offset = buffer[0] & 0x0F, buffer[1] & 0x7F, 2
            if length == 126:
                if len(buffer) < 4:
                    return
                length, offset = int.from_bytes(buffer[2:4]), 4
            elif length == 127:
                if len(buffer) < 10:
                    return
                length, offset = int.from_bytes(buffer[2:10]), 10
            if len(buffer) < offset + length:
                return
            payload = bytes(buffer[offset : offset + length])
            del buffer[: offset + length]
            if opcode == 0x1:
                self.on_text(payload, now)
            elif opcode == 0x9:
                self.send_frame(0xA, payload)
            elif opcode == 0x8:
                self.close_code = int.from_bytes(payload[:2]) if len(payload) >= 2 else 1005
                self.transport.close()
                return

    def on_text(self, payload: bytes, now: float) -> None:
        listener = self.listener
        if payload.startswith(b'["event",'):
            seq = int(payload[9 : payload.index(b",", 9)])
            listener.last_seq = max(listener.last_seq, seq)
            if b'"question.approved"' not in payload:
                return
            start = payload.index(b'"id":', payload.index(b'"question":')) + 5
            question = int(payload[start : payload.index(b",", start)])
            if question in listener.arrivals:
                listener.duplicates += 1
            else:
                listener.arrivals[question] = now
                if listener.resyncs and not self.synced.done():
                    listener.replayed += 1  # replayed by the sync of a reconnection
        elif payload.startswith(b'["ack","s"') and not self.synced.done():
            self.synced.set_result(True)


async def connect_receivers(port, room, count, source) -> list[Listener]:
    gate = asyncio.Semaphore(64)
    listeners = []

    async def one(index):
        async with gate:
            cookie = room["pupils"][index % len(room["pupils"])]
            listener = Listener(port, f"/ws/live/{room['id']}/", cookie, source)
            await listener.connect()
            listeners.append(listener)

    await asyncio.gather(*(one(i) for i in range(count)))
    return listeners


# --- The publishers: moderators approving -------------------------------------------------------


async def publish(port, room, organizer, rate, seconds, source):
    """4 moderator sockets approving the room's questions at `rate` a second in all."""
    import websockets

    sent: dict[int, float] = {}
    acked: dict[int, float] = {}
    errors: list = []
    count = int(rate * seconds)
    todo = room["questions"][:count]
    start = time.monotonic() + 0.5

    async def publisher(index, socket):
        async def read():
            async for text in socket:
                frame = json.loads(text)
                if frame[0] == "ack" and "question_id" in frame[2]:
                    acked[frame[2]["question_id"]] = time.monotonic()
                elif frame[0] == "error":
                    errors.append(frame)

        reader = asyncio.create_task(read())
        for n in range(index, len(todo), PUBLISHERS):
            delay = start + n / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            sent[todo[n]] = time.monotonic()
            await socket.send(json.dumps(["question.approve", n, {"question_id": todo[n]}]))
        await asyncio.sleep(DRAIN_S)
        reader.cancel()

    sockets = [
        await websockets.connect(
            f"ws://127.0.0.1:{port}/ws/live/{room['id']}/",
            origin=f"http://127.0.0.1:{port}",
            additional_headers={"Cookie": f"sessionid={organizer}"},
            compression=None,
            local_addr=(source, 0),
            max_queue=None,
        )
        for _ in range(PUBLISHERS)
    ]
    for socket in sockets:
        await socket.send('["sync","s",{"last":0}]')
    await asyncio.gather(*(publisher(i, s) for i, s in enumerate(sockets)))
    for socket in sockets:
        await socket.close()
    return sent, acked, errors


# --- A row --------------------------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_pid() -> int | None:
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes()
            if int(stat[1]) == os.getpid() and b"uvicorn" in cmdline:
                return int(entry.name)
    return None


async def measure(port, room, organizer, *, clients, rate, seconds, source, pid=None) -> dict:
    began = time.monotonic()
    receivers = await connect_receivers(port, room, clients, source)
    connected_s = time.monotonic() - began
    pid = pid or server_pid()
    cpu_before, wall_before = (cpu_seconds(pid) if pid else 0.0), time.monotonic()
    own_before = time.process_time()
    sent, acked, errors = await publish(port, room, organizer, rate, seconds, source)
    wall = time.monotonic() - wall_before
    cpu = (cpu_seconds(pid) - cpu_before) / wall if pid else 0.0
    own_cpu = (time.process_time() - own_before) / wall
    acks = sorted((acked[q] - sent[q]) * 1000 for q in acked)
    latencies, lost, duplicates, resyncs, replayed, delivered = [], 0, 0, 0, 0, 0
    for receiver in receivers:
        duplicates += receiver.duplicates
        resyncs += receiver.resyncs
        replayed += receiver.replayed
        # Every approve sent counts: one the server never got round to is lost as well.
        for question in sent:
            arrived = receiver.arrivals.get(question)
            if arrived is None:
                lost += 1
            else:
                delivered += 1
                latencies.append((arrived - sent[question]) * 1000)
        receiver.close()
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] if latencies else 0

    return {
        "approved": len(acked),
        "errors": len(errors),
        "deliveries": len(sent) * len(receivers),
        "lost": lost,
        "duplicates": duplicates,
        "p50": pct(50),
        "p95": pct(95),
        "p99": pct(99),
        "mean": statistics.fmean(latencies) if latencies else 0,
        "cpu": cpu * 100,
        # Server CPU per delivered frame (replays included), in microseconds.
        "cpu_us": cpu * wall / max(delivered, 1) * 1e6,
        "resyncs": resyncs,
        "replayed": replayed,
        "client_cpu": own_cpu * 100,
        "ack_p95": acks[int(0.95 * len(acks))] if acks else 0,
        "connect_s": connected_s,
        "clients": len(receivers),
    }


@contextlib.contextmanager
def redis_server():
    port = free_port()
    folder = tempfile.mkdtemp(prefix="usine-bench-redis-")
    pidfile = os.path.join(folder, "redis.pid")
    subprocess.run(
        [
            "redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--daemonize", "yes", "--pidfile", pidfile, "--dir", folder,
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(50):
            if os.path.exists(pidfile):
                break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        with contextlib.suppress(OSError, ValueError):
            os.kill(int(Path(pidfile).read_text()), 15)


@contextlib.contextmanager
def floor_server():
    """bench/live_fanout_floor.py on a free port; yields (port, pid)."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "live_fanout_floor.py"), str(port)]
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            with contextlib.suppress(OSError):
                net.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the floor server did not start")
            time.sleep(0.1)
        yield port, process.pid
    finally:
        process.terminate()
        process.wait(timeout=10)


def run_row(env, data, index, *, layer, rate, mode, clients, seconds) -> dict:
    room = data["rooms"][index]
    extra = {}
    source = f"127.0.0.{20 + index}"
    if mode == "floor":
        with floor_server() as (port, pid):
            return asyncio.run(
                measure(
                    port,
                    room,
                    data["organizer"],
                    clients=clients,
                    rate=rate,
                    seconds=seconds,
                    source=source,
                    pid=pid,
                )
            )
    with contextlib.ExitStack() as stack:
        if layer == "redis":
            extra["REDIS_URL"] = stack.enter_context(redis_server())
        base = stack.enter_context(server(env, app=APPS[mode], **extra))
        port = int(base.rsplit(":", 1)[1])
        return asyncio.run(
            measure(
                port,
                room,
                data["organizer"],
                clients=clients,
                rate=rate,
                seconds=seconds,
                source=source,
            )
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=12.0, help="publishing time per row")
    parser.add_argument("--rows", help="only these rows (e.g. 2,3), for a quick look")
    parser.add_argument("--setup", nargs=2, type=int, metavar=("ROOMS", "QUESTIONS"))
    options = parser.parse_args()
    if options.setup:
        print(json.dumps(setup(*options.setup)))
        return

    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 20_000), hard))
    with contextlib.suppress(ImportError):
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())

    env = prepared_env()
    per_room = int(max(rate for _n, _l, rate, _m in ROWS) * options.seconds) + 10
    data = json.loads(
        subprocess.run(
            [sys.executable, __file__, "--setup", str(len(ROWS)), str(per_room)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.splitlines()[-1]
    )
    print(f"load before: {os.getloadavg()[0]:.2f} (1 min), {os.cpu_count()} cores")
    results = []
    header = (
        f"{'path':32} {'msg/s':>5} {'clients':>7} {'deliveries':>10} {'lost':>7} {'dup':>4} "
        f"{'resyncs':>7} {'replayed':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'ack p95':>7} {'server CPU':>10} {'µs/deliv':>8} {'bench CPU':>9} {'load':>5}"
    )
    print(header)
    print("-" * len(header))
    only = {int(i) for i in options.rows.split(",")} if options.rows else set(range(len(ROWS)))
    for index, (name, layer, rate, mode) in enumerate(ROWS):
        if index not in only:
            continue
        row = run_row(
            env,
            data,
            index,
            layer=layer,
            rate=rate,
            mode=mode,
            clients=options.clients,
            seconds=options.seconds,
        )
        row["load"] = os.getloadavg()[0]
        results.append(row)
        print(
            f"{name:32} {rate:>5} {row['clients']:>7} {row['deliveries']:>10} {row['lost']:>7} "
            f"{row['duplicates']:>4} {row['resyncs']:>7} {row['replayed']:>8} "
            f"{row['p50']:>7.1f} {row['p95']:>7.1f} {row['p99']:>7.1f} "
            f"{row['ack_p95']:>7.1f} {row['cpu']:>9.0f}% {row['cpu_us']:>8.1f} "
            f"{row['client_cpu']:>8.0f}% {row['load']:>5.2f}",
            flush=True,
        )
    if len(results) != len(ROWS):
        return
    memory10, redis10, memory50, redis50, baseline, floor10, floor50 = results
    uptime = subprocess.run(
        ["uptime"], capture_output=True, text=True, env={**os.environ, "TZ": "UTC"}
    ).stdout.strip()
    print(f"uptime: {uptime}")
    # The hub's CPU per delivery over bare websockets.broadcast's, at the same rate (goal ≤ 2).
    cpu_ratio = memory10["cpu_us"] / max(floor10["cpu_us"], 1e-9)
    cpu_ratio_at_50 = memory50["cpu_us"] / max(floor50["cpu_us"], 1e-9)
    print(
        f"RESULT clients={options.clients} p95_ms={memory10['p95']:.0f} "
        f"p99_ms={memory10['p99']:.0f} lost={memory10['lost']} "
        f"redis_p95_ms={redis10['p95']:.0f} redis_lost={redis10['lost']} "
        f"p95_ms_at_50={max(memory50['p95'], redis50['p95']):.0f} "
        f"lost_at_50={memory50['lost'] + redis50['lost']} baseline_lost={baseline['lost']} "
        f"resyncs={sum(row['resyncs'] for row in (memory10, redis10, memory50, redis50))} "
        f"cpu_ratio={cpu_ratio:.1f} cpu_ratio_at_50={cpu_ratio_at_50:.1f} "
        f"cpu_us={memory10['cpu_us']:.1f} floor_cpu_us={floor10['cpu_us']:.1f}"
    )


if __name__ == "__main__":
    main()
