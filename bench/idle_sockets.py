"""Idle sockets on the production form: N pupils' session bars held open, against a floor.

    .venv/bin/python bench/idle_sockets.py [--sockets 10000] [--idle-seconds 35]

Starts the production form itself (tests/servers.py `production_form`: nginx in front of 2
uvicorn workers on Unix sockets, as `make run-production`), on a throwaway PostgreSQL and Redis,
with pupils whose seats are claimed and whose sessions exist server-side (3 sockets a pupil, the
seat's cap). Each socket is a pupil's session bar (`ws/classe/<booking>/`), held once its `clock`
frame arrived; it answers the server's WebSocket pings like a browser.

Measured, with the fair and then with the floor (bench/idle_sockets_floor.py: a bare
`websockets` server holding the same sockets in one process, no nginx):
- kb_per_socket: RSS of the workers + nginx after connecting, minus before, over N;
- heartbeat_cpu_pct: their CPU (% of one core) during --idle-seconds of silence — the session
  bar marks its pupil seen every 15 s (a database write), uvicorn pings every 20 s;
- ping_p99_ms: 99th percentile of `["ping", id, {}]` → `["pong", id, …]` round trips, 100 a
  second over random sockets for 10 s, while the others stay idle.

The client is one Python process on the same 2 cores (its CPU counts against the server's); it
connects from 127.0.0.2, .3, … (20,000 sockets an address at most, no port exhaustion).

Last line: RESULT sockets=… kb_per_socket=… floor_kb_per_socket=… ping_p99_ms=…
floor_ping_p99_ms=… heartbeat_cpu_pct=… floor_cpu_pct=… held=…
"""

import argparse
import asyncio
import base64
import contextlib
import json
import os
import random
import resource
import socket as net
import subprocess
import sys
import tempfile
import time
import zlib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._server import free_port, postgres, prepared_env  # noqa: E402

PER_PUPIL = 3  # usine.sockets.MAX_SOCKETS_PER_SEAT
PUPILS_PER_CLASS = 40
PER_ADDRESS = 20_000
PINGS_PER_S = 100
PING_SECONDS = 10
WARM_UP = 60


# --- Data (run in the fair's environment: `idle_sockets.py --setup N_PUPILS`) -------------------


def setup(pupils: int) -> list[list]:
    """Classes booked on slots, their pupils with a claimed seat and a session each; printed as
    JSON [[booking id, session key], …]."""
    import datetime

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "usine.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from usine.fair.models import Edition, SessionSlot
    from usine.live.access import PUPIL_SESSION_KEY
    from usine.schools import codes
    from usine.schools.models import Booking, Pupil, School, SchoolClass, SeatClaim, Teacher

    edition = Edition.objects.first()
    school, _ = School.objects.get_or_create(
        uai="0750654D", defaults={"name": "Lycée du banc d'essai", "town": "Paris"}
    )
    expires = timezone.now() + datetime.timedelta(days=1)
    result = []
    for index in range((pupils + PUPILS_PER_CLASS - 1) // PUPILS_PER_CLASS):
        user = get_user_model().objects.create_user(f"idle-teacher-{index}", f"i{index}@ex.org")
        school_class = SchoolClass.objects.create(
            teacher=Teacher.objects.create(user=user, school=school),
            edition=edition,
            name=f"Veille {index}",
            level=SchoolClass.Level.TROISIEME,
            pupil_count=PUPILS_PER_CLASS,
            code=codes.new_code(),
        )
        # The session starts in years: the bar's move to the live exchange never fires here.
        slot = SessionSlot.objects.create(
            edition=edition,
            starts_at=datetime.datetime(2032, 1, 1, 8, tzinfo=datetime.UTC)
            + datetime.timedelta(hours=index),
        )
        booking = Booking.objects.create(school_class=school_class, slot=slot)
        created = Pupil.objects.bulk_create(
            Pupil(school_class=school_class, pseudonym=f"Veilleur {index}-{n}")
            for n in range(PUPILS_PER_CLASS)
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
        result += [[booking.pk, key] for key in keys]
    return result[:pupils]


# --- The client: a minimal WebSocket client (raw frames, no compression) ------------------------


class Bar(asyncio.Protocol):
    """One session bar: handshake, held once the first text frame (`clock`) arrives; answers the
    server's pings; notes when each pong of ours comes back. It offers per-message deflate as
    Chromium does (what a server that accepts it pays for must show in the memory)."""

    def __init__(self, host: str, path: str, cookie: str | None, pongs: dict):
        headers = f"Cookie: sessionid={cookie}\r\n" if cookie else ""
        self.request = (
            f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}\r\n"
            f"Sec-WebSocket-Version: 13\r\nOrigin: http://{host}\r\n{headers}"
            "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n"
        ).encode()
        self.buffer = bytearray()
        self.upgraded = False
        self.held = asyncio.get_running_loop().create_future()
        self.closed = False
        self.close_code = None  # the server's, when it closed the socket
        self.pongs = pongs
        self.transport = None
        self.inflate = None  # when the server accepted per-message deflate

    def connection_made(self, transport):
        self.transport = transport
        transport.write(self.request)

    def connection_lost(self, exc):
        self.closed = True
        if not self.held.done():
            self.held.set_exception(ConnectionError("closed before the clock frame"))

    def send(self, opcode: int, payload: bytes) -> None:
        """A masked frame; payloads under 126 bytes (pings and pongs) are all it sends."""
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.transport.write(bytes([0x80 | opcode, 0x80 | len(payload)]) + mask + masked)

    def on_text(self, payload: bytes) -> None:
        if payload.startswith(b'["pong",'):
            frame_id = int(payload[8 : payload.index(b",", 8)])
            self.pongs[frame_id] = time.monotonic()

    def data_received(self, data: bytes):
        buffer = self.buffer
        buffer += data
        if not self.upgraded:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            if not buffer.startswith(b"HTTP/1.1 101"):
                self.held.set_exception(ConnectionError(bytes(buffer[:60]).decode()))
                self.transport.close()
                return
            if b"permessage-deflate" in buffer[:end].lower():
                self.inflate = zlib.decompressobj(wbits=-15)
            del buffer[: end + 4]
            self.upgraded = True
        while len(buffer) >= 2:
            opcode, length, offset = buffer[0] & 0x0F, buffer[1] & 0x7F, 2
            if length == 126:
                length, offset = int.from_bytes(buffer[2:4]), 4
            elif length == 127:
                length, offset = int.from_bytes(buffer[2:10]), 10
            if len(buffer) < offset + length:
                return
            payload = bytes(buffer[offset : offset + length])
            if buffer[0] & 0x40 and self.inflate:  # RSV1: a compressed message
                payload = self.inflate.decompress(payload + b"\x00\x00\xff\xff")
            del buffer[: offset + length]
            if opcode == 0x1:
                if not self.held.done():
                    self.held.set_result(True)
                else:
                    self.on_text(payload)
            elif opcode == 0x9:
                self.send(0xA, payload)
            elif opcode == 0x8:
                self.close_code = int.from_bytes(payload[:2]) if len(payload) >= 2 else 1005
                self.transport.close()
                return


async def hold(port: int, targets: list[tuple[str, str | None]], idle_s: float, pids) -> dict:
    """Connects one Bar a target (path, cookie), measures RSS, idle CPU and ping round trips."""
    loop = asyncio.get_running_loop()
    host = f"127.0.0.1:{port}"
    pongs: dict[int, float] = {}
    bars: list[Bar] = []
    failures: list[str] = []
    gate = asyncio.Semaphore(100)

    async def one(index, path, cookie, into):
        async with gate:
            bar = Bar(host, path, cookie, pongs)
            source = f"127.0.0.{2 + index // PER_ADDRESS}"
            try:
                await loop.create_connection(lambda: bar, "127.0.0.1", port, local_addr=(source, 0))
                await asyncio.wait_for(bar.held, 60)
                into.append(bar)
                if len(into) % 1000 == 0:
                    print(f"  {len(into)} held", flush=True)
            except (OSError, ConnectionError, TimeoutError) as error:
                failures.append(str(error))

    # A first few sockets, closed again: the workers' first sockets load code (the consumers,
    # their queries) that the memory per socket must not count.
    warm: list[Bar] = []
    await asyncio.gather(*(one(i, *t, warm) for i, t in enumerate(targets[:WARM_UP])))
    for bar in warm:
        bar.transport.close()
    await asyncio.sleep(2)
    failures.clear()
    rss_before = rss_kb(pids())
    began = time.monotonic()
    await asyncio.gather(*(one(i, *target, bars) for i, target in enumerate(targets)))
    connect_s = time.monotonic() - began
    await asyncio.sleep(3)  # the last connections' first writes settle
    processes = pids()
    rss_after = rss_kb(processes)
    cpu_before, wall_before = cpu_seconds(processes), time.monotonic()
    await asyncio.sleep(idle_s)
    idle_cpu = (cpu_seconds(processes) - cpu_before) / (time.monotonic() - wall_before) * 100
    sent: dict[int, float] = {}
    open_bars = [bar for bar in bars if not bar.closed]
    for n in range(PINGS_PER_S * PING_SECONDS):
        if open_bars:
            bar = random.choice(open_bars)
            sent[n] = time.monotonic()
            bar.send(0x1, b'["ping",%d,{}]' % n)
        await asyncio.sleep(1 / PINGS_PER_S)
    await asyncio.sleep(2)
    trips = sorted((pongs[n] - sent[n]) * 1000 for n in sent if n in pongs)
    held = sum(1 for bar in bars if not bar.closed)
    closes = Counter(bar.close_code for bar in bars if bar.closed)
    for bar in bars:
        bar.transport.close()
    return {
        "held": held,
        "failed": len(failures),
        "first_failure": failures[0] if failures else "",
        "closes": dict(closes),
        "connect_s": connect_s,
        "kb_per_socket": (rss_after - rss_before) / max(held, 1),
        "cpu_pct": idle_cpu,
        "ping_p50_ms": trips[len(trips) // 2] if trips else float("nan"),
        "ping_p99_ms": trips[int(len(trips) * 0.99)] if trips else float("nan"),
        "pongs_missing": len(sent) - len(trips),
    }


# --- Processes ----------------------------------------------------------------------------------


def proc_stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = proc_stat(pid)
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def rss_kb(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total


def children(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if int(proc_stat(int(entry.name))[1]) == parent:
                    found.append(int(entry.name))
    return found


def fair_row(sockets: int, idle_s: float) -> dict:
    from tests.servers import production_form, redis_server

    folder = Path(tempfile.mkdtemp(prefix="usine-bench-idle-"))
    with postgres() as database, redis_server(folder) as redis:
        env = prepared_env(database_url=database, REDIS_URL=redis, SECRET_KEY="bench-" * 8)
        pupils = (sockets + PER_PUPIL - 1) // PER_PUPIL
        seats = json.loads(
            subprocess.run(
                [sys.executable, __file__, "--setup", str(pupils)],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        targets = [(f"/ws/classe/{booking}/", key) for booking, key in seats * PER_PUPIL]
        with production_form(env, folder / "form", workers=2) as form:
            port = int(form.url.rsplit(":", 1)[1])
            master = int((form.folder / "nginx" / "nginx.pid").read_text())

            def pids():
                return [p.pid for p in form.workers] + [master, *children(master)]

            return asyncio.run(hold(port, targets[:sockets], idle_s, pids))


def floor_row(sockets: int, idle_s: float) -> dict:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, ROOT / "bench" / "idle_sockets_floor.py", str(port)]
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            with contextlib.suppress(OSError), net.create_connection(("127.0.0.1", port), 0.5):
                break
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the floor server did not start")
            time.sleep(0.1)
        targets = [("/", None)] * sockets
        return asyncio.run(hold(port, targets, idle_s, lambda: [process.pid]))
    finally:
        process.terminate()
        process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sockets", type=int, default=10_000)
    parser.add_argument("--idle-seconds", type=float, default=35)
    parser.add_argument("--setup", type=int, metavar="PUPILS", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup is not None:
        print(json.dumps(setup(args.setup)))
        return
    # Every socket is a file on both sides (client, nginx twice, a worker): raise the cap for this
    # process and the servers it starts.
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    with contextlib.suppress(ValueError, OSError):  # only root may raise the hard cap
        resource.setrlimit(resource.RLIMIT_NOFILE, (max(hard, 65_536),) * 2)
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    rows = [
        ("fair: nginx + 2 workers + Redis", fair_row(args.sockets, args.idle_seconds)),
        ("floor: bare websockets", floor_row(args.sockets, args.idle_seconds)),
    ]
    print(f"{'':34} {'held':>6} {'failed':>6} {'connect_s':>9} {'kb/sock':>8} "
          f"{'idle_cpu%':>9} {'ping_p50':>8} {'ping_p99':>8} {'no_pong':>7}")  # fmt: skip
    for name, r in rows:
        print(f"{name:34} {r['held']:6} {r['failed']:6} {r['connect_s']:9.1f} "
              f"{r['kb_per_socket']:8.1f} {r['cpu_pct']:9.1f} {r['ping_p50_ms']:8.1f} "
              f"{r['ping_p99_ms']:8.1f} {r['pongs_missing']:7}")  # fmt: skip
        if r["closes"]:
            print(f"  closed by the server after the clock frame (code: count): {r['closes']}")
        if r["first_failure"]:
            print(f"  first failure: {r['first_failure']}")
    fair, floor = rows[0][1], rows[1][1]
    print(
        f"RESULT sockets={args.sockets} held={fair['held']} "
        f"kb_per_socket={fair['kb_per_socket']:.1f} "
        f"floor_kb_per_socket={floor['kb_per_socket']:.1f} "
        f"ping_p99_ms={fair['ping_p99_ms']:.1f} floor_ping_p99_ms={floor['ping_p99_ms']:.1f} "
        f"heartbeat_cpu_pct={fair['cpu_pct']:.1f} floor_cpu_pct={floor['cpu_pct']:.1f}"
    )


if __name__ == "__main__":
    main()
