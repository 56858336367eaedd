"""A web worker killed under load: pupils in live rooms on both workers, questions flowing.

    .venv/bin/python bench/failover.py [--rooms 4] [--clients 400] [--seconds 12] [--rate 5]

The scenario of tests/test_production_form.py's failover test, at scale. Starts the production
form itself (tests/servers.py `production_form`: nginx in front of 2 uvicorn workers, as `make
run-production`) on a throwaway PostgreSQL and Redis. --clients pupils' room sockets, spread
over --rooms rooms, connect through nginx (round robin: half on each worker) and sync; they are
bench/live_fanout.py's receivers: on a lost socket they reconnect through nginx and sync from the
last event they saw, as the page does. A moderator per room, on the worker that survives,
approves --rate questions a second per room for --seconds; a third of the way in, the other
worker gets SIGKILL.

lost: approved questions (acknowledged to the moderator) some pupil never got, per pupil, within
5 s of the end; duplicated: a question a pupil got twice; recover_s: from the kill to the last
cut-off pupil synced again through the surviving worker.

Last line: RESULT clients=… cut_off=… lost=… duplicated=… recover_s=…
"""

import argparse
import asyncio
import contextlib
import json
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# bench/ is on sys.path when a benchmark runs as `python bench/NAME.py`.
from _server import ROOT, postgres, prepared_env
from live_fanout import Listener

sys.path.insert(0, str(ROOT))

DRAIN_S = 5.0
PER_PUPIL = 3  # usine.sockets.MAX_SOCKETS_PER_SEAT: all of a pupil's sockets may end on one worker


class Pupil(Listener):
    """A live_fanout receiver that notes when a reconnection synced."""

    recovered_at: float | None = None

    async def connect(self) -> None:
        await super().connect()
        if self.resyncs:
            self.recovered_at = time.monotonic()


async def moderate(sock: Path, room: dict, organizer: str, rate: float, seconds: float, kill):
    """Approves the room's questions at `rate` a second on the worker's own socket; `kill` runs
    once a third of them went. Answers {question id: when acknowledged}."""
    from websockets.asyncio.client import unix_connect

    acked: dict[int, float] = {}
    todo = room["questions"][: int(rate * seconds)]
    async with unix_connect(
        str(sock),
        uri=f"ws://localhost/ws/live/{room['id']}/",
        origin="http://localhost",
        additional_headers={"Cookie": f"sessionid={organizer}"},
        compression=None,
    ) as socket:
        await socket.send('["sync","s",{"last":0}]')

        async def read():
            async for text in socket:
                frame = json.loads(text)
                if frame[0] == "ack" and "question_id" in frame[2]:
                    acked[frame[2]["question_id"]] = time.monotonic()

        reader = asyncio.create_task(read())
        start = time.monotonic()
        for n, question in enumerate(todo):
            if n == len(todo) // 3:
                kill()
            await asyncio.sleep(max(0.0, start + n / rate - time.monotonic()))
            await socket.send(json.dumps(["question.approve", n, {"question_id": question}]))
        await asyncio.sleep(1)
        reader.cancel()
    return acked


async def scenario(form, data: dict, *, clients: int, rooms: int, rate: float, seconds: float):
    port = int(form.url.rsplit(":", 1)[1])
    pupils: list[tuple[Pupil, int]] = []
    gate = asyncio.Semaphore(50)

    async def join(index):
        room = data["rooms"][index % rooms]
        cookie = room["pupils"][(index // rooms) % len(room["pupils"])]
        pupil = Pupil(port, f"/ws/live/{room['id']}/", cookie, "127.0.0.1")
        async with gate:
            await pupil.connect()
        pupils.append((pupil, room["id"]))

    await asyncio.gather(*(join(i) for i in range(clients)))
    killed: list[float] = []

    def kill():
        if not killed:
            form.workers[0].send_signal(signal.SIGKILL)
            killed.append(time.monotonic())

    survivor = form.sockets[1]
    results = await asyncio.gather(
        *(
            moderate(survivor, data["rooms"][r], data["organizer"], rate, seconds, kill)
            for r in range(rooms)
        )
    )
    await asyncio.sleep(DRAIN_S)
    acked = {room["id"]: result for room, result in zip(data["rooms"], results, strict=False)}
    lost = duplicated = cut_off = 0
    recovered: list[float] = []
    for pupil, room_id in pupils:
        lost += sum(1 for question in acked[room_id] if question not in pupil.arrivals)
        duplicated += pupil.duplicates
        if pupil.resyncs:
            cut_off += 1
            recovered.append(
                (pupil.recovered_at - killed[0]) if pupil.recovered_at else float("inf")
            )
        pupil.close()
    return {
        "approved": sum(len(a) for a in acked.values()),
        "cut_off": cut_off,
        "lost": lost,
        "duplicated": duplicated,
        "recover_s": max(recovered, default=0.0),
        "resyncs": sum(p.resyncs for p, _r in pupils),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rooms", type=int, default=4)
    parser.add_argument("--clients", type=int, default=400)
    parser.add_argument("--seconds", type=float, default=12.0)
    parser.add_argument("--rate", type=float, default=5.0, help="approvals a second per room")
    options = parser.parse_args()
    if options.clients > options.rooms * 40 * PER_PUPIL:
        parser.error("at most 120 clients a room (40 pupils, 3 sockets each)")
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    from tests.servers import production_form, redis_server

    folder = Path(tempfile.mkdtemp(prefix="usine-bench-failover-"))
    with postgres() as database, redis_server(folder) as redis:
        env = prepared_env(database_url=database, REDIS_URL=redis, SECRET_KEY="bench-" * 8)
        per_room = int(options.rate * options.seconds) + 5
        data = json.loads(
            subprocess.run(
                [sys.executable, ROOT / "bench" / "live_fanout.py", "--setup",
                 str(options.rooms), str(per_room)],
                cwd=ROOT, env=env, check=True, capture_output=True, text=True,
            ).stdout.splitlines()[-1]
        )  # fmt: skip
        with production_form(env, folder / "form", workers=2) as form:
            row = asyncio.run(
                scenario(
                    form,
                    data,
                    clients=options.clients,
                    rooms=options.rooms,
                    rate=options.rate,
                    seconds=options.seconds,
                )
            )
            with contextlib.suppress(OSError):
                import urllib.request

                with urllib.request.urlopen(f"{form.url}/healthz", timeout=5) as answer:
                    row["healthz"] = answer.status
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(
        f"{options.clients} pupils in {options.rooms} rooms through nginx, 2 workers, "
        f"{options.rate:g} approvals/s a room for {options.seconds:g} s, worker 1 killed at 1/3"
    )
    print(f"{'approved':>8} {'cut_off':>7} {'resyncs':>7} {'lost':>5} {'dup':>4} {'recover_s':>9}")
    print(
        f"{row['approved']:8} {row['cut_off']:7} {row['resyncs']:7} {row['lost']:5} "
        f"{row['duplicated']:4} {row['recover_s']:9.2f}"
    )
    print(f"healthz after: {row.get('healthz', 'no answer')} · uptime: {uptime}")
    print(
        f"RESULT clients={options.clients} cut_off={row['cut_off']} lost={row['lost']} "
        f"duplicated={row['duplicated']} recover_s={row['recover_s']:.2f}"
    )


if __name__ == "__main__":
    main()
