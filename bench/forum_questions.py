"""Forum audience questions: 2,000 viewers' sockets on one talk, 20 questions/s asked, an
organizer approving them, 200 votes/s.

    .venv/bin/python bench/forum_questions.py [--clients 2000] [--seconds 10]

The real path (a uvicorn server, bench/_server.py, on the demo database in a throwaway
PostgreSQL, the design point's; `--sqlite` for the embedded default): 100 signed-in adults'
sockets ask 20 questions a second in all and vote 200 times a second for approved questions; an
organizer's socket approves each question as soon as the moderators' queue shows it. The 2,000
viewers are visitors without an account (a minimal WebSocket client, bench/live_fanout.py's);
each notes when every approved question first shows in its snapshot frames (`questions`, one
a second at most per socket: rooms.py). Latency = arrival - the moment the approve left the
organizer; lost = approved questions a viewer never saw (within 3 s after the end).

Floor: bench/forum_questions_floor.py, bare `websockets` keeping the same state in memory and
broadcasting snapshots of the same shape once a second to the same clients, in the same run.
`cpu_ratio` is the fair's server CPU over the floor's.

The server's log lines on each stage of an approval's way (`usine.forum.stages`) are printed
before the last line: RESULT clients=… approved_p95_ms=… lost=… server_cpu_pct=… votes_per_s=…
questions_per_s=… floor_cpu_pct=… cpu_ratio=…
"""

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._server import free_port, postgres, prepared_env, server  # noqa: E402
from bench.live_fanout import Receiver, cpu_seconds, server_pid  # noqa: E402

ASKERS = 100
QUESTION_RATE = 20
VOTE_RATE = 200
DRAIN_S = 3.0
IDS = re.compile(rb'"id":(\d+)')


# --- Data (run inside the server's environment: `forum_questions.py --setup`) -----------------


def setup() -> dict:
    """A live talk, the organizer's and the askers' sessions; printed as JSON."""
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
    from django.utils import timezone

    from usine.fair.models import Edition
    from usine.forum.models import Stage, Talk

    def session(user) -> str:
        store = SessionStore()
        store.update(
            {
                SESSION_KEY: str(user.pk),
                BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: user.get_session_auth_hash(),
            }
        )
        store.save()
        return store.session_key

    User = get_user_model()
    edition = Edition.objects.order_by("-pk").first()
    stage = Stage.objects.create(edition=edition, name="Banc d'essai", slug="banc-essai")
    now = timezone.now()
    talk = Talk.objects.create(
        edition=edition,
        stage=stage,
        title="Banc d'essai",
        slug="banc-essai",
        starts_at=now - datetime.timedelta(minutes=5),
        ends_at=now + datetime.timedelta(hours=1),
    )
    Talk.objects.filter(pk=talk.pk).update(state=Talk.State.LIVE)
    organizer = User.objects.create_user("bench-forum-organizer", is_staff=True)
    askers = [
        User.objects.create_user(f"bench-forum-{n}", first_name=f"Pers{n}") for n in range(ASKERS)
    ]
    return {
        "talk": talk.pk,
        "organizer": session(organizer),
        "askers": [session(user) for user in askers],
    }


# --- Viewers ----------------------------------------------------------------------------------


class Viewer:
    """A visitor's socket: when each question id first showed in a snapshot."""

    def __init__(self, port, path, source):
        self.port, self.path, self.source = port, path, source
        self.cookie = ""
        self.arrivals: dict[int, float] = {}
        self.last_seq = 0
        self.resyncs = 0
        self.receiver = None

    def lost(self):
        self.resyncs += 1

    async def connect(self):
        loop = asyncio.get_running_loop()
        receiver = ViewerSocket(self, f"127.0.0.1:{self.port}")
        self.receiver = receiver
        await loop.create_connection(
            lambda: receiver, "127.0.0.1", self.port, local_addr=(self.source, 0)
        )
        await asyncio.wait_for(receiver.synced, 60)

    def close(self):
        if self.receiver is not None and self.receiver.transport is not None:
            self.receiver.transport.close()


class ViewerSocket(Receiver):
    """bench/live_fanout.py's raw client, reading the Forum's frames (its `sync` on opening is
    answered with an error frame, a harmless one)."""

    def on_text(self, payload: bytes, now: float) -> None:
        if payload.startswith(b'["questions",'):
            arrivals = self.listener.arrivals
            for match in IDS.finditer(payload):
                arrivals.setdefault(int(match.group(1)), now)
        elif payload.startswith(b'["me",') and not self.synced.done():
            self.synced.set_result(True)


async def connect_viewers(port, path, count, source):
    gate = asyncio.Semaphore(64)
    viewers = []

    async def one():
        async with gate:
            viewer = Viewer(port, path, source)
            await viewer.connect()
            viewers.append(viewer)

    await asyncio.gather(*(one() for _ in range(count)))
    return viewers


# --- Askers, voters, the organizer ------------------------------------------------------------


async def open_ws(port, path, cookie, source):
    import websockets

    headers = {"Cookie": f"sessionid={cookie}"} if cookie else {}
    return await websockets.connect(
        f"ws://127.0.0.1:{port}{path}",
        origin=f"http://127.0.0.1:{port}",
        additional_headers=headers,
        compression=None,
        local_addr=(source, 0),
        max_queue=None,
        open_timeout=60,
    )


async def drive(port, path, moderator_path, data, seconds, source):
    """Askers and voters at their rates, the organizer approving; what was approved when."""
    approve_sent: dict[int, float] = {}
    approved: list[int] = []
    counts = {"asked": 0, "voted": 0, "refused": 0}
    stop = asyncio.Event()
    rng = random.Random(7)

    organizer = await open_ws(port, moderator_path, data["organizer"], source)
    askers = [await open_ws(port, path, cookie, source) for cookie in data["askers"]]

    async def organizer_loop():
        frame_id = 0
        async for text in organizer:
            frame = json.loads(text)
            if frame[0] == "queue":
                for question in frame[2]["pending"]:
                    if question["id"] not in approve_sent:
                        frame_id += 1
                        approve_sent[question["id"]] = time.monotonic()
                        await organizer.send(
                            json.dumps(
                                ["question.approve", frame_id, {"question_id": question["id"]}]
                            )
                        )
            elif frame[0] == "ack" and "question_id" in frame[2]:
                approved.append(frame[2]["question_id"])

    async def reader(index, socket):
        async for text in socket:
            if text.startswith('["error"'):
                counts["refused"] += 1
            elif text.startswith('["ack"'):
                frame = json.loads(text)
                if str(frame[1]).startswith("a"):  # their own question: the others vote for it
                    voted.add((index, frame[2]["id"]))

    async def paced(rate, action):
        start, n = time.monotonic(), 0
        while not stop.is_set():
            delay = start + n / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            await action(n)
            n += 1

    voted: set[tuple[int, int]] = set()

    async def ask(n):
        socket = askers[n % ASKERS]
        counts["asked"] += 1
        await socket.send(
            json.dumps(
                ["question.ask", f"a{n}", {"text": f"Question {n} : quels métiers recrutent ?"}]
            )
        )

    async def vote(n):
        if not approved:
            return
        for _ in range(5):
            index, question = rng.randrange(ASKERS), rng.choice(approved[-60:])
            if (index, question) not in voted:
                voted.add((index, question))
                counts["voted"] += 1
                await askers[index].send(
                    json.dumps(["question.upvote", f"v{n}", {"question_id": question}])
                )
                return

    tasks = [asyncio.create_task(organizer_loop())]
    tasks += [asyncio.create_task(reader(index, socket)) for index, socket in enumerate(askers)]
    started = time.monotonic()
    pacers = [
        asyncio.create_task(paced(QUESTION_RATE, ask)),
        asyncio.create_task(paced(VOTE_RATE, vote)),
    ]
    await asyncio.sleep(seconds)
    stop.set()
    await asyncio.gather(*pacers)
    elapsed = time.monotonic() - started
    await asyncio.sleep(DRAIN_S)
    for task in tasks:
        task.cancel()
    for socket in [organizer, *askers]:
        with contextlib.suppress(Exception):
            await socket.close()
    return approve_sent, approved, counts, elapsed


async def measure(port, *, mode, data, clients, seconds, pid=None) -> dict:
    source = "127.0.0.60" if mode == "fair" else "127.0.0.61"
    path = f"/ws/forum/{data['talk']}/" if mode == "fair" else "/talk"
    moderator_path = path if mode == "fair" else "/moderator"
    viewers = await connect_viewers(port, path, clients, source)
    pid = pid or server_pid()
    cpu_before, wall_before = cpu_seconds(pid), time.monotonic()
    approve_sent, approved, counts, elapsed = await drive(
        port, path, moderator_path, data, seconds, "127.0.0.62" if mode == "fair" else "127.0.0.63"
    )
    wall = time.monotonic() - wall_before
    cpu = (cpu_seconds(pid) - cpu_before) / wall
    latencies, lost = [], 0
    for viewer in viewers:
        for question in approved:
            arrived = viewer.arrivals.get(question)
            if arrived is None:
                lost += 1
            else:
                latencies.append((arrived - approve_sent[question]) * 1000)
        viewer.close()
    latencies.sort()

    def pct(p):
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] if latencies else 0

    return {
        "clients": len(viewers),
        "approved": len(approved),
        "asked_per_s": counts["asked"] / elapsed,
        "voted_per_s": counts["voted"] / elapsed,
        "refused": counts["refused"],
        "lost": lost,
        "p50": pct(50),
        "p95": pct(95),
        "p99": pct(99),
        "cpu": cpu * 100,
        "resyncs": sum(viewer.resyncs for viewer in viewers),
    }


@contextlib.contextmanager
def floor_server():
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "forum_questions_floor.py"), str(port)]
    )
    try:
        import socket as net

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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--setup", action="store_true")
    parser.add_argument("--sqlite", action="store_true", help="SQLite rather than PostgreSQL")
    options = parser.parse_args()
    if options.setup:
        print(json.dumps(setup()))
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 20_000), hard))
    with contextlib.suppress(ImportError):
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())

    with contextlib.ExitStack() as stack:
        url = None if options.sqlite else stack.enter_context(postgres())
        run(options, prepared_env(database_url=url))


def run(options, env):
    data = json.loads(
        subprocess.run(
            [sys.executable, __file__, "--setup"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.splitlines()[-1]
    )
    print(f"load before: {os.getloadavg()[0]:.2f} (1 min), {os.cpu_count()} cores")
    header = (
        f"{'server':24} {'clients':>7} {'asked/s':>7} {'votes/s':>7} {'approved':>8} "
        f"{'refused':>7} {'lost':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'CPU':>5}"
    )
    print(header)
    print("-" * len(header))
    rows = {}
    log_path = Path(env["USINE_DATA_DIR"]) / "server.log"
    with server(env, log_path=str(log_path)) as base:
        port = int(base.rsplit(":", 1)[1])
        rows["fair"] = asyncio.run(
            measure(port, mode="fair", data=data, clients=options.clients, seconds=options.seconds)
        )
    with floor_server() as (port, pid):
        rows["floor"] = asyncio.run(
            measure(
                port,
                mode="floor",
                data=data,
                clients=options.clients,
                seconds=options.seconds,
                pid=pid,
            )
        )
    for name, row in rows.items():
        label = "fair (uvicorn, 1 worker)" if name == "fair" else "floor: websockets"
        print(
            f"{label:24} {row['clients']:>7} {row['asked_per_s']:>7.1f} {row['voted_per_s']:>7.1f} "
            f"{row['approved']:>8} {row['refused']:>7} {row['lost']:>6} {row['p50']:>7.0f} "
            f"{row['p95']:>7.0f} {row['p99']:>7.0f} {row['cpu']:>4.0f}%"
        )
    # The server's own account of each stage (usine/forum/stages.py), every 10 s.
    for line in log_path.read_text().splitlines():
        if "approvals shown" in line or "Traceback" in line or "ERROR" in line:
            print("server:", line)
    fair, floor = rows["fair"], rows["floor"]
    print(
        f"RESULT clients={fair['clients']} approved_p95_ms={fair['p95']:.0f} lost={fair['lost']} "
        f"server_cpu_pct={fair['cpu']:.0f} votes_per_s={fair['voted_per_s']:.0f} "
        f"questions_per_s={fair['asked_per_s']:.0f} approved={fair['approved']} "
        f"floor_cpu_pct={floor['cpu']:.0f} cpu_ratio={fair['cpu'] / max(floor['cpu'], 0.1):.1f}"
    )


if __name__ == "__main__":
    main()
