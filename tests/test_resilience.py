"""The fair survives its services restarting. With Redis stopped in the middle of a session, the
production form (nginx, two web workers) answers pages with a French 503 (never a 500), keeps its
live rooms going across workers through the database, and resumes by itself once Redis is back.
With PostgreSQL restarting, pages answer the same 503, the pools lend no dead connection after,
and the task worker waits for the database instead of exiting."""

import asyncio
import json
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from websockets.exceptions import ConnectionClosed

from tests.exhibits.factories import ExhibitorFactory
from tests.fair.factories import BuildingFactory
from tests.servers import ROOT, free_port, process_env, production_form, stop
from tests.test_production_form import LiveClass, frame, open_on_worker, session_cookie, synced
from tests.tools import require
from usine.sockets import CLOSE_NOT_FOUND, CLOSE_TRY_AGAIN

pytestmark = pytest.mark.django_db(transaction=True)

UNAVAILABLE = "Le salon reprend dans un instant"


class RestartableRedis:
    """A private Redis on a Unix socket that the test stops and starts again at the same path."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.sock = folder / "redis.sock"
        self.url = f"unix://{self.sock}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [require("redis-server"), "--port", "0", "--unixsocket", str(self.sock),
             "--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while not self.sock.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("redis-server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None
        self.sock.unlink(missing_ok=True)


@contextmanager
def restartable_redis(folder: Path):
    redis = RestartableRedis(folder)
    redis.start()
    try:
        yield redis
    finally:
        redis.stop()


@pytest.fixture
def fair(tmp_path, settings):
    """The production form; this test process keeps its local cache (Redis goes away)."""
    static_root = tmp_path / "static"
    static_root.mkdir()
    settings.STATIC_ROOT = static_root
    with restartable_redis(tmp_path) as redis:
        (tmp_path / "data").mkdir()
        env = process_env(
            tmp_path / "data",
            REDIS_URL=redis.url,
            MEDIA_ROOT=str(settings.MEDIA_ROOT),
            STATIC_ROOT=str(static_root),
            MEDIA_X_ACCEL="1",
        )
        with production_form(env, tmp_path / "front") as form:
            form.redis = redis
            yield form


async def next_event(socket, kind: str, *, timeout: float) -> list:
    """The next event frame of this kind, skipping others (presence, acks)."""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        assert left > 0, f"no {kind} within {timeout} s"
        message = json.loads(await asyncio.wait_for(socket.recv(), timeout=left))
        if message[0] == "event" and message[2]["kind"] == kind:
            return message


def wait_for_status(client: httpx.Client, path: str, status: int, *, within: float, **kw):
    deadline = time.monotonic() + within
    while (answer := client.get(path, **kw)).status_code != status:
        assert time.monotonic() < deadline, (path, answer.status_code, answer.text[:300])
        time.sleep(0.2)
    return answer


def test_pages_answer_a_french_503_while_redis_is_down_and_come_back_after(fair):
    building = BuildingFactory()
    exhibitor = session_cookie(user=ExhibitorFactory().user)

    with httpx.Client(base_url=fair.url, timeout=10) as client:
        assert client.get(building.get_absolute_url()).status_code == 200
        fair.redis.stop()
        page = client.get("/ville/texte/")
        signed_in = client.get("/exposant/", headers=exhibitor)
        api = client.get("/api/town", headers={"Cookie": "django_language=fr"})
        health = client.get("/healthz")

        fair.redis.start()
        back = wait_for_status(client, "/ville/texte/", 200, within=5)
        signed_in_back = wait_for_status(client, "/exposant/", 200, within=5, headers=exhibitor)

    assert page.status_code == 503
    assert page.headers["Retry-After"] == "10"
    assert f"<h1>{UNAVAILABLE}</h1>" in page.text
    assert '<html lang="fr"' in page.text
    assert signed_in.status_code == 503
    assert f"<h1>{UNAVAILABLE}</h1>" in signed_in.text
    assert api.status_code == 503
    assert api.json() == {
        "error": "Le salon est momentanément indisponible ; réessayez dans quelques secondes."
    }
    assert health.status_code == 200  # the database answers: nginx keeps both workers
    assert "<h1>La ville en texte</h1>" in back.text
    assert signed_in_back.status_code == 200


def test_a_live_room_goes_on_across_workers_while_redis_is_down_and_after(fair):
    live = LiveClass(pupils=2)
    first, second = fair.sockets

    async def scenario():
        teacher = await open_on_worker(first, live.room.pk, live.teacher)
        asker = await open_on_worker(first, live.room.pk, live.pupils[0])
        classmate = await open_on_worker(second, live.room.pk, live.pupils[1])
        for socket in (teacher, asker, classmate):
            assert (await synced(socket))[0] == "ack"

        fair.redis.stop()
        # Asked during the outage: stored and acknowledged, never lost.
        await asker.send(json.dumps(["question.ask", 1, {"text": "Et la nuit, on travaille ?"}]))
        ack = await frame(asker)
        assert ack[:2] == ["ack", 1]
        question_id = ack[2]["question"]["id"]
        assert (await next_event(teacher, "question.asked", timeout=5))[2]["question"]["id"] == (
            question_id
        )
        await teacher.send(json.dumps(["question.approve", "a", {"question_id": question_id}]))
        # The other worker hears of it from the database while pub/sub is away.
        approved = await next_event(classmate, "question.approved", timeout=5)
        assert approved[2]["question"]["text"] == "Et la nuit, on travaille ?"

        fair.redis.start()
        # Back: a question from the other worker reaches the teacher again at pub/sub's pace.
        await asyncio.sleep(2)
        await classmate.send(json.dumps(["question.ask", 2, {"text": "Et le week-end ?"}]))
        assert (await frame(classmate))[:2] == ["ack", 2]
        asked_at = time.monotonic()
        asked = await next_event(teacher, "question.asked", timeout=5)
        delivered_s = time.monotonic() - asked_at
        assert asked[2]["question"]["text"] == "Et le week-end ?"
        # A socket opened after the return works through nginx.
        late = await open_on_worker(second, live.room.pk, live.pupils[1])
        replay = await synced(late)
        for socket in (teacher, asker, classmate, late):
            await socket.close()
        return delivered_s, replay

    delivered_s, replay = asyncio.run(scenario())

    assert delivered_s < 0.5
    assert replay[0] == "event"


# --- PostgreSQL ---------------------------------------------------------------------------------


class RestartablePostgres:
    """A private PostgreSQL cluster (scripts/postgres.sh) the test stops and starts again."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.url = ""

    def start(self) -> None:
        require("pg_ctlcluster")
        started = subprocess.run(
            [str(ROOT / "scripts" / "postgres.sh"), "start", str(self.folder), str(self.port)],
            capture_output=True, text=True, timeout=180,
        )  # fmt: skip
        if started.returncode != 0:
            pytest.fail(f"scripts/postgres.sh start failed: {started.stderr[-2000:]}")
        url = started.stdout.strip()
        assert not self.url or url == self.url, "PostgreSQL came back on another port"
        self.url = url

    def halt(self) -> None:
        subprocess.run(
            [str(ROOT / "scripts" / "postgres.sh"), "halt", str(self.folder)],
            timeout=60,
            check=True,
        )

    def remove(self) -> None:
        subprocess.run(
            [str(ROOT / "scripts" / "postgres.sh"), "stop", str(self.folder)], timeout=60
        )


@pytest.fixture
def fair_on_postgres(tmp_path, settings):
    """The production form and a task worker on a PostgreSQL of their own (migrated, empty)."""
    static_root = tmp_path / "static"
    static_root.mkdir()
    # Under /tmp: the postgres user cannot enter pytest's folders (root's, mode 700).
    postgres = RestartablePostgres(Path(tempfile.mkdtemp(prefix="usine-pg-")))
    try:
        postgres.start()
        with restartable_redis(tmp_path) as redis:
            (tmp_path / "data").mkdir()
            env = process_env(
                tmp_path / "data",
                DATABASE_URL=postgres.url,
                DATABASE_POOL_TIMEOUT="3",
                REDIS_URL=redis.url,
                MEDIA_ROOT=str(settings.MEDIA_ROOT),
                STATIC_ROOT=str(static_root),
                MEDIA_X_ACCEL="1",
            )
            migrated = subprocess.run(
                [sys.executable, "manage.py", "migrate", "--no-input"],
                cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
            )  # fmt: skip
            assert migrated.returncode == 0, migrated.stderr[-600:]
            worker_log = tmp_path / "worker.log"
            worker = subprocess.Popen(
                [sys.executable, "manage.py", "task_worker", "--no-reload", "--interval", "0.2"],
                cwd=ROOT, env=env, stdout=worker_log.open("wb"), stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
            try:
                with production_form(env, tmp_path / "front") as form:
                    form.postgres, form.task_worker, form.worker_log = postgres, worker, worker_log
                    yield form
            finally:
                stop(worker)
    finally:
        postgres.remove()


async def room_socket_closes_with(sock, cookie: dict[str, str]) -> int:
    """The close code a live room's socket gets from a worker (room 1: none in this database)."""
    socket = await open_on_worker(sock, 1, cookie)
    try:
        await asyncio.wait_for(socket.recv(), timeout=15)
    except ConnectionClosed as closed:
        return closed.rcvd.code
    finally:
        await socket.close()
    raise AssertionError("the room socket stayed open")


def test_pages_answer_a_french_503_while_postgresql_restarts_and_the_worker_waits_for_it(
    fair_on_postgres,
):
    fair = fair_on_postgres
    # A browser with a session: the page reads it from the database (cached_db, not cached yet).
    visitor = {"Cookie": "sessionid=abcdefghijklmnopqrstuvwxyz012345"}
    with httpx.Client(base_url=fair.url, timeout=20) as client:
        assert client.get("/batiments/nulle-part/").status_code == 404
        assert client.get("/healthz").status_code == 200

        fair.postgres.halt()
        # Without an edition the town's pages answer from the cache alone; a session's page
        # reads the database whatever it shows.
        missing = client.get("/batiments/nulle-part/", headers=visitor)
        session = client.get("/ville/texte/", headers=visitor)
        health = client.get("/healthz")
        time.sleep(1.5)  # the task worker's polls meet the dead database
        worker_alive_during = fair.task_worker.poll() is None

        # A live room's socket is told to try again (no 500 at the handshake).
        room_during = asyncio.run(room_socket_closes_with(fair.sockets[0], visitor))

        fair.postgres.start()
        back = wait_for_status(client, "/batiments/nulle-part/", 404, within=5, headers=visitor)
        room_after = asyncio.run(room_socket_closes_with(fair.sockets[1], visitor))
        session_back = wait_for_status(client, "/ville/texte/", 200, within=5, headers=visitor)
        # Every pooled connection of both workers: none handed out dead.
        answers = [client.get("/healthz").status_code for _ in range(12)]
    time.sleep(1)

    assert missing.status_code == 503
    assert missing.headers["Retry-After"] == "10"
    assert f"<h1>{UNAVAILABLE}</h1>" in missing.text
    assert session.status_code == 503
    assert f"<h1>{UNAVAILABLE}</h1>" in session.text
    assert health.status_code == 503
    assert health.json() == {"status": "unavailable", "database": False}
    assert "<h1>Cette page n'existe pas</h1>" in back.text
    assert "<h1>La ville en texte</h1>" in session_back.text
    assert answers == [200] * 12
    assert (room_during, room_after) == (CLOSE_TRY_AGAIN, CLOSE_NOT_FOUND)
    assert worker_alive_during
    assert fair.task_worker.poll() is None, fair.worker_log.read_text()[-2000:]
    assert "database out of reach" in fair.worker_log.read_text()
