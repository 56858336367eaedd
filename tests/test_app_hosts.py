"""Several app hosts behind one nginx (`render_deploy --app-host`): two hosts, each a network
namespace with its own address (tests/netns.py) running a web worker on TCP, share one
PostgreSQL, one Redis (configured as render_deploy writes it, with a password) and one S3 server
listening on this side's shared address; nginx, here, spreads pages, the API and sockets over
both. A question approved through one host reaches a pupil on the other; a video uploaded
through one is transcoded by a task worker and played through the other from the bucket; with
one host's worker killed, its live-room client reconnects through nginx to the other and resumes
from its last event, and the other answers everything.
"""

import asyncio
import io
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from socket import create_connection
from urllib.parse import urlsplit

import httpx
import pytest
import redis
from django.core.management import call_command
from websockets.asyncio.client import connect

from tests.media.clips import GOOD_VTT, make_clip
from tests.netns import SHARED_ADDRESS, AppHost, app_hosts
from tests.servers import (
    ROOT,
    free_port,
    killed_with_this_run,
    process_env,
    redis_server,
    s3_server,
    stop,
    wait_for_socket,
    worker_options,
)
from tests.test_production_form import frame, synced
from tests.tools import require

PORT = 8001  # render_deploy's first port: each host has its own network, so it is free there


@dataclass
class Hosts:
    url: str  # nginx
    hosts: list[AppHost]
    workers: list[subprocess.Popen]
    seed: dict
    s3: dict[str, str]
    access_log: Path
    redis_url: str

    def direct(self, host: AppHost) -> str:
        return f"http://{host.address}:{PORT}"

    def upstreams(self) -> list[str]:
        """The app host that finally answered each request nginx logged, in order."""
        lines = self.access_log.read_text().splitlines()
        return [line.rsplit(" ", 1)[1].split(":")[0] for line in lines]


# The services' folder: always the same, so that a run killed halfway leaves no PostgreSQL or S3
# server the next run does not stop first (they outlive the test's process: scripts daemonize
# them). Under /tmp: the postgres user cannot enter pytest's folders (root's, mode 700).
SERVICES = Path(tempfile.gettempdir()) / "usine-app-hosts"
POSTGRES, S3 = str(ROOT / "scripts" / "postgres.sh"), str(ROOT / "scripts" / "s3.sh")


def stop_leftovers() -> None:
    if SERVICES.exists():
        subprocess.run([POSTGRES, "stop", str(SERVICES / "pg")], timeout=60, check=False)
        subprocess.run([S3, "stop", str(SERVICES / "s3")], timeout=60, check=False)
        shutil.rmtree(SERVICES)
    SERVICES.mkdir(mode=0o755)


def shared_postgres(stack: ExitStack) -> str:
    """A PostgreSQL cluster (scripts/postgres.sh) listening on the shared address too; returns
    the URL the app hosts use."""
    require("pg_ctlcluster")
    folder = str(SERVICES / "pg")
    stack.callback(subprocess.run, [POSTGRES, "stop", folder], timeout=60, check=False)
    started = subprocess.run(
        [POSTGRES, "start", folder, str(free_port())], capture_output=True, text=True, timeout=180,
        env={**os.environ, "POSTGRES_LISTEN": SHARED_ADDRESS,
             "POSTGRES_CLIENTS": "10.231.0.0/16"},
    )  # fmt: skip
    if started.returncode != 0:
        pytest.fail(f"scripts/postgres.sh start failed: {started.stderr[-2000:]}")
    return started.stdout.strip().replace("@127.0.0.1:", f"@{SHARED_ADDRESS}:")


def rendered_deployment(out: Path, hosts: list[AppHost]) -> dict:
    """The app hosts' deployment as `render_deploy` writes it, the shared services here, with a
    Redis password of this run: the Redis configuration's path and the hosts' REDIS_URL."""
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("REDIS_PASSWORD", secrets.token_hex(16))
        call_command(
            "render_deploy", "--out", str(out), "--services", SHARED_ADDRESS,
            *(f"--app-host={host.address}" for host in hosts), stdout=io.StringIO(),
        )  # fmt: skip
    env = dict(
        line.split("=", 1)
        for line in (out / "usine.env").read_text().splitlines()
        if line and not line.startswith("#")
    )
    return {"redis.conf": out / "redis" / "usine.conf", "REDIS_URL": env["REDIS_URL"]}


def start_in(host: AppHost, command: list[str], env, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        host.run(*command), cwd=ROOT, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT,
        start_new_session=True, preexec_fn=killed_with_this_run,
    )  # fmt: skip


@pytest.fixture(scope="module")
def fair(tmp_path_factory):
    nginx = require("nginx")
    folder = tmp_path_factory.mktemp("hosts")
    with ExitStack() as stack, ThreadPoolExecutor(2) as starting:
        stop_leftovers()
        stack.callback(shutil.rmtree, SERVICES, ignore_errors=True)
        hosts = stack.enter_context(app_hosts(2))
        # The services start side by side (each waits on its own process, not on the CPU).
        database = starting.submit(shared_postgres, stack)
        s3 = starting.submit(
            stack.enter_context, s3_server(SERVICES / "s3", address=SHARED_ADDRESS)
        )
        # Redis as the deployment has it (its password from the environment of render_deploy);
        # the app hosts use the REDIS_URL rendered for them, on this run's port.
        deployment = rendered_deployment(folder / "deploy", hosts)
        redis_url = stack.enter_context(
            redis_server(folder, address=SHARED_ADDRESS, config=deployment["redis.conf"])
        )
        redis_url = deployment["REDIS_URL"].replace(":6379/", f":{urlsplit(redis_url).port}/")
        env = process_env(
            folder,
            DATABASE_URL=database.result(),
            REDIS_URL=redis_url,
            ALLOWED_HOSTS=",".join(["127.0.0.1", *(host.address for host in hosts)]),
            **s3.result(),
        )
        # The web workers read nothing before their first request: they start with the seeding.
        # Started as the app hosts' systemd unit starts them, only nginx's address trusted.
        workers = []
        for n, host in enumerate(hosts, start=1):
            worker = start_in(
                host,
                [sys.executable, "-m", "uvicorn", "usine.asgi:application", "--host",
                 host.address, "--port", str(PORT), *worker_options(trusted=host.gateway)],
                env, folder / f"web-{n}.log",
            )  # fmt: skip
            stack.callback(stop, worker)
            workers.append(worker)
        seeded = subprocess.run(
            [sys.executable, "-m", "tests.hosts_seed"], cwd=ROOT, env=env, capture_output=True,
            text=True, timeout=180,
        )  # fmt: skip
        assert seeded.returncode == 0, seeded.stderr[-3000:]
        # One task worker, on the second host: it reaches the database and the bucket too.
        tasks = start_in(
            hosts[1],
            [sys.executable, "manage.py", "task_worker", "--no-reload", "--interval", "0.2"],
            env, folder / "tasks.log",
        )  # fmt: skip
        stack.callback(stop, tasks)
        port = free_port()
        out = folder / "nginx"
        call_command(
            "render_deploy", "--local", "--out", str(out), "--workers", "1",
            "--listen", f"127.0.0.1:{port}", "--nginx-user", "same",
            *(f"--app-host={host.address}" for host in hosts), stdout=io.StringIO(),
        )  # fmt: skip
        front = subprocess.Popen(
            [nginx, "-p", str(out), "-c", str(out / "nginx.conf"), "-e", str(out / "error.log")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=killed_with_this_run,
        )
        stack.callback(stop, front)
        for n, (host, worker) in enumerate(zip(hosts, workers, strict=True), start=1):
            wait_for_socket(worker, (host.address, PORT), folder / f"web-{n}.log", f"host {n}")
        wait_for_socket(front, ("127.0.0.1", port), out / "error.log", "nginx")
        yield Hosts(
            f"http://127.0.0.1:{port}",
            hosts,
            workers,
            json.loads(seeded.stdout),
            s3.result(),
            out / "access.log",
            redis_url,
        )


def test_pages_and_the_town_api_come_from_both_hosts_through_nginx(fair):
    building = fair.seed["building"]
    with httpx.Client(base_url=fair.url, timeout=10) as client:
        # A query of its own for each: the front cache would answer the same URL itself.
        pages = [client.get(f"{building['url']}?visite={n}") for n in range(2)]
        towns = [client.get(f"/api/town?visite={n}") for n in range(2)]

    assert [answer.status_code for answer in pages + towns] == [200] * 4
    for page in pages:
        assert f"<h1>{building['name']}</h1>" in page.text
    for town in towns:
        assert [b["slug"] for b in town.json()["buildings"]] == [building["slug"]]
    first, second = (host.address for host in fair.hosts)
    assert set(fair.upstreams()[-4:]) == {first, second}


def test_the_shared_redis_answers_only_with_the_password(fair):
    url = urlsplit(fair.redis_url)
    # The app hosts' own URL: a password of 32 characters, which Redis requires.
    assert len(url.password) == 32
    with create_connection((SHARED_ADDRESS, url.port), timeout=5) as stranger:
        stranger.sendall(b"PING\r\n")
        refused = stranger.recv(100)
    with redis.Redis.from_url(fair.redis_url) as app_host:
        answered = app_host.ping()

    assert refused == b"-NOAUTH Authentication required.\r\n"
    assert answered is True


async def room_socket(base: str, room: int, cookie: dict[str, str]):
    """A live room's socket opened on `base` (an app host, or nginx) as its page does."""
    return await connect(
        f"ws://{base.removeprefix('http://')}/ws/live/{room}/", origin=base,
        additional_headers=cookie,
    )  # fmt: skip


def test_a_question_approved_through_one_host_reaches_a_pupil_on_the_other(fair):
    room, (asker_cookie, classmate_cookie, _) = fair.seed["room"], fair.seed["pupils"]
    host_a, host_b = (fair.direct(host) for host in fair.hosts)

    async def scenario():
        teacher = await room_socket(host_a, room, fair.seed["teacher"])
        asker = await room_socket(host_a, room, asker_cookie)
        classmate = await room_socket(host_b, room, classmate_cookie)
        for socket in (teacher, asker, classmate):
            assert (await synced(socket))[0] == "ack"
        await asker.send(json.dumps(["question.ask", 1, {"text": "On travaille en équipe ?"}]))
        question_id = (await frame(asker))[2]["question"]["id"]
        assert (await frame(teacher))[2]["kind"] == "question.asked"
        await teacher.send(json.dumps(["question.approve", "a", {"question_id": question_id}]))
        approved = await frame(classmate)
        for socket in (teacher, asker, classmate):
            await socket.close()
        return question_id, approved

    question_id, approved = asyncio.run(scenario())

    assert approved[0] == "event"
    assert approved[2]["kind"] == "question.approved"
    assert approved[2]["question"]["id"] == question_id
    assert approved[2]["question"]["text"] == "On travaille en équipe ?"


def signed_in(base_url: str, cookie: dict[str, str]) -> httpx.Client:
    """A browser with this session, keeping the CSRF cookie it is given."""
    name, value = cookie["Cookie"].split("=", 1)
    return httpx.Client(base_url=base_url, timeout=30, cookies={name: value})


def csrf_token(client: httpx.Client, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200, page.text[:300]
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def test_a_video_uploaded_through_one_host_plays_through_the_other_from_the_bucket(fair, tmp_path):
    exhibitor = fair.seed["exhibitor"]
    testimonial = fair.seed["testimonial"]
    video_path = f"/exposant/temoignages/{testimonial}/video/"
    publish_path = f"/exposant/temoignages/{testimonial}/publication/"
    clip = make_clip(tmp_path / "soudeuse.mp4", seconds=2, size="320x180")

    with signed_in(fair.direct(fair.hosts[0]), exhibitor) as host_a:
        token = csrf_token(host_a, video_path)
        uploaded = host_a.post(
            video_path,
            data={"csrfmiddlewaretoken": token},
            files={"video": ("soudeuse.mp4", clip.read_bytes(), "video/mp4"),
                   "captions": ("soudeuse.vtt", GOOD_VTT, "text/vtt")},
        )  # fmt: skip
    with signed_in(fair.direct(fair.hosts[1]), exhibitor) as host_b:
        token = csrf_token(host_b, publish_path)
        deadline = time.monotonic() + 60
        # Published once the task worker has transcoded it (refused with a message before).
        while (
            published := host_b.post(
                publish_path, data={"csrfmiddlewaretoken": token, "published": "on"}
            )
        ).status_code != 302:
            assert "en cours de conversion" in published.text, published.text[-2000:]
            assert time.monotonic() < deadline, "the video was not transcoded within 60 s"
            time.sleep(0.5)
        page = host_b.get(fair.seed["building"]["url"])

    assert uploaded.status_code == 302
    playlist_url = re.search(r'data-hls="([^"]+)"', page.text).group(1)
    bucket = f"{fair.s3['AWS_S3_ENDPOINT_URL']}/{fair.s3['AWS_STORAGE_BUCKET_NAME']}/"
    assert playlist_url.startswith(bucket)
    with httpx.Client(timeout=10) as player:
        master = player.get(playlist_url)
        variant_url = httpx.URL(playlist_url).join(variant_of(master.text))
        variant = player.get(variant_url)
        segment = player.get(variant_url.join(variant_of(variant.text)))
    assert master.status_code == 200
    assert variant.status_code == 200
    assert segment.status_code == 200
    assert segment.content[:1] == b"\x47"  # an MPEG-TS packet's sync byte
    assert len(segment.content) % 188 == 0


def variant_of(playlist: str) -> str:
    """The first URI of an HLS playlist (a rendition of a master, a segment of a rendition)."""
    return next(line for line in playlist.splitlines() if line and not line.startswith("#"))


async def synced_from(socket, last: int) -> tuple[list[int], list]:
    """Syncs from event `last` as the page does: the ids of the events replayed, and the ack."""
    await socket.send(json.dumps(["sync", "s", {"last": last}]))
    replayed = []
    while (message := await frame(socket))[0] == "event":
        replayed.append(message[1])
    return replayed, message


async def answered(socket, action: str, frame_id: str, payload: dict) -> list:
    """Sends an action and returns its ack, passing over the room's events before it; an error
    frame fails at once (slow mode refusing a question is an answer, not a lost frame)."""
    await socket.send(json.dumps([action, frame_id, payload]))
    while (answer := await frame(socket))[0] == "event":
        pass
    assert answer[:2] == ["ack", frame_id], answer
    return answer


# Last in the module: host A does not come back.
def test_with_one_hosts_workers_killed_the_other_answers_pages_and_sockets(fair):
    room, teacher_cookie = fair.seed["room"], fair.seed["teacher"]
    # An asker of its own: slow mode lets a pupil ask two questions in a row, then one every
    # 10 s, and the question test above asked with the first pupil.
    _first, cookie, asker_cookie = fair.seed["pupils"]
    host_a, host_b = fair.hosts
    stage = ["opening the sockets"]  # named in the failure when a frame never comes

    async def approved(teacher, asker, text: str) -> int:
        stage.append(f"the asker on host B asking {text!r}")
        question = (await answered(asker, "question.ask", text, {"text": text}))[2]["question"]
        stage.append(f"the teacher on host B approving {text!r}")
        await answered(teacher, "question.approve", text, {"question_id": question["id"]})
        return question["id"]

    async def scenario():
        teacher = await room_socket(fair.direct(host_b), room, teacher_cookie)
        asker = await room_socket(fair.direct(host_b), room, asker_cookie)
        # A pupil whose socket is on host A when it dies: it reconnects through nginx.
        pupil = await room_socket(fair.direct(host_a), room, cookie)
        for socket in (teacher, asker, pupil):
            await synced_from(socket, 0)
        await approved(teacher, asker, "Avant la panne ?")
        stage.append("the approval reaching the pupil on host A")
        last = (await frame(pupil))[1]
        stage.append("host A's worker dying")
        fair.workers[0].send_signal(signal.SIGKILL)
        fair.workers[0].wait(timeout=10)
        await asyncio.wait_for(pupil.wait_closed(), timeout=10)
        during = await approved(teacher, asker, "Pendant la panne ?")
        stage.append("the pupil reconnecting through nginx and syncing")
        again = await room_socket(fair.url, room, cookie)
        resumed = await synced_from(again, last)
        # Back live on host B: the next event comes once, right after the replayed one.
        stage.append("a live event after the resume")
        await answered(teacher, "question.hide", "h", {"question_id": during})
        live = await frame(again)
        for socket in (teacher, asker, again):
            await socket.close()
        return last, resumed, live

    try:
        last, (replayed, ack), live = asyncio.run(scenario())
    except TimeoutError:
        pytest.fail(f"no frame within 15 s while {stage[-1]}")
    with httpx.Client(base_url=fair.url, timeout=10) as client:
        answers = [client.get(f"/api/town?apres={n}") for n in range(3)]
        answers += [client.get("/healthz") for _ in range(3)]

    # The one event approved while it was away, not the one it had: nothing missed, nothing twice.
    assert len(replayed) == 1
    assert replayed[0] > last
    assert ack == ["ack", "s", {"replayed": 1}]
    assert live[0] == "event"
    assert live[1] == replayed[0] + 1
    assert live[2]["kind"] == "question.hidden"
    assert [answer.status_code for answer in answers] == [200] * 6
    assert all("Le salon redémarre" not in answer.text for answer in answers)
    # The socket and every request after the kill: answered by host B.
    assert fair.upstreams()[-7:] == [host_b.address] * 7
