"""The production form (`make run-production`) with its real parts: nginx in front of two uvicorn
workers on Unix sockets, Redis between them, configured by `manage.py render_deploy --local`.
nginx serves static files and public media itself, sends protected media only once Django said
yes, caches anonymous pages a second per language and never one account's page; a question
approved through one worker reaches pupils connected to the other."""

import asyncio
import gzip
import json
import os
import re
import shlex
import signal
import time
from contextlib import contextmanager

import httpx
import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from redis import Redis
from websockets.asyncio.client import connect, unix_connect
from websockets.exceptions import ConnectionClosed

from tests.exhibits.factories import ExhibitorFactory, TestimonialFactory
from tests.fair.factories import BuildingFactory
from tests.media.factories import VideoFactory
from tests.schools.factories import BookingFactory, PupilFactory
from tests.servers import (
    ROOT,
    WORKER_OPTIONS,
    process_env,
    production_form,
    redis_server,
    worker_options,
)
from tests.users.factories import UserFactory
from usine.live.models import LiveRoom
from usine.schools.join import PUPIL_SESSION_KEY
from usine.schools.models import SeatClaim

pytestmark = pytest.mark.django_db(transaction=True)

IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture
def fair(tmp_path, settings):
    """The production form on the test's database; this process shares its Redis cache, so
    that what the test changes is forgotten by the workers as by any process of the fair."""
    static_root = tmp_path / "static"
    static_root.mkdir()
    settings.STATIC_ROOT = static_root
    with redis_server(tmp_path) as redis_url:
        settings.CACHES = {
            "default": {
                "BACKEND": "usine.caches.SharedRedisCache",
                "LOCATION": redis_url,
            }
        }
        (tmp_path / "data").mkdir()
        env = process_env(
            tmp_path / "data",
            REDIS_URL=redis_url,
            MEDIA_ROOT=str(settings.MEDIA_ROOT),
            STATIC_ROOT=str(static_root),
            MEDIA_X_ACCEL="1",
        )
        with production_form(env, tmp_path / "front") as form:
            yield form


def session_cookie(*, user=None, pupil=None) -> dict[str, str]:
    """The Cookie header of a browser with this account's (or pupil's) session."""
    session = SessionStore()
    if user is not None:
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if pupil is not None:
        session[PUPIL_SESSION_KEY] = pupil.pk
    session.save()
    if pupil is not None:  # the pupil's browser holds its pseudonym (schools/join.py)
        SeatClaim.objects.create(pupil=pupil, session_key=session.session_key)
    return {"Cookie": f"sessionid={session.session_key}"}


def at_the_start_of_a_second() -> None:
    """nginx keeps a page until the end of the second it was made in (usine/front_cache.py):
    a test that expects a hit starts right after a second begins."""
    time.sleep(1 - time.time() % 1 + 0.01)


@contextmanager
def workers_paused(fair):
    """Both web workers stopped (SIGSTOP): whatever still answers is nginx alone."""
    for worker in fair.workers:
        os.kill(worker.pid, signal.SIGSTOP)
    try:
        yield
    finally:
        for worker in fair.workers:
            os.kill(worker.pid, signal.SIGCONT)


def uvicorn_options(command: str, *, after: str = "--uds") -> list[str]:
    """The options of a uvicorn command line past its address (`--uds PATH`, or `--port N`), up
    to a redirection; `--forwarded-allow-ips X` written as `--forwarded-allow-ips=X`."""
    words = shlex.split(command.replace("\\\n", " "))
    start = words.index(after) + 2
    end = next((i for i, word in enumerate(words) if word.startswith(">")), len(words))
    options = words[start:end]
    if "--forwarded-allow-ips" in options:
        at = options.index("--forwarded-allow-ips")
        options[at : at + 2] = [f"--forwarded-allow-ips={options[at + 1]}"]
    return options


def test_the_tests_web_workers_run_as_the_deployed_ones():
    """Same options (`--backlog 4096` among them) as `make run-production` and the systemd units
    (one host's, on sockets; app hosts', on a port trusting the front nginx only)."""
    script = (ROOT / "scripts" / "run-production.sh").read_text()
    started = script.split("$PY uvicorn usine.asgi:application", 1)[1].split(" &\n", 1)[0]
    assert uvicorn_options(started) == WORKER_OPTIONS
    unit = (ROOT / "usine" / "templates" / "deploy" / "usine-web@.service").read_text()
    on_a_socket = next(line for line in unit.splitlines() if "--uds" in line)
    assert uvicorn_options(on_a_socket.replace("{{ run_dir }}", "/run")) == WORKER_OPTIONS
    on_a_port = next(line for line in unit.splitlines() if "--port" in line)
    command = shlex.split(on_a_port.replace("{{ first_port|add:-1 }} + %i", "%i"))[-1]
    assert uvicorn_options(command, after="--port") == worker_options(
        trusted="$FORWARDED_ALLOW_IPS"
    )


def test_static_files_and_hls_segments_come_from_nginx_with_long_lived_cache_headers(
    fair, settings
):
    script = b"console.log('usine');\n" * 40
    hashed = settings.STATIC_ROOT / "town" / "town.0123456789ab.js"
    hashed.parent.mkdir()
    hashed.write_bytes(script)
    hashed.with_name(hashed.name + ".gz").write_bytes(gzip.compress(script))
    segment = settings.MEDIA_ROOT / "videos" / "hls" / "7-0a1b2c3d" / "240p" / "segment_000.ts"
    segment.parent.mkdir(parents=True)
    segment.write_bytes(b"\x47" * 188 * 4)

    with workers_paused(fair), httpx.Client(base_url=fair.url, timeout=5) as client:
        static = client.get("/static/town/town.0123456789ab.js")
        hls = client.get("/media/videos/hls/7-0a1b2c3d/240p/segment_000.ts")

    assert static.status_code == 200
    assert static.headers["Content-Encoding"] == "gzip"
    assert static.content == script
    assert static.headers["Cache-Control"] == IMMUTABLE
    assert hls.status_code == 200
    assert hls.headers["Content-Type"] == "video/mp2t"
    assert hls.headers["Cache-Control"] == IMMUTABLE
    assert hls.content == b"\x47" * 188 * 4


def test_an_original_upload_is_sent_by_nginx_only_to_its_company(fair):
    exhibitor = ExhibitorFactory()
    video = VideoFactory(pending=True)
    TestimonialFactory(company=exhibitor.company, pending_video=video)
    path = f"/media/{video.source.name}"

    with httpx.Client(base_url=fair.url, timeout=5) as client:
        anonymous = client.get(path)
        hidden = client.get(path.replace("/videos/source/", "/videos//hls/../source/"))
        internal = client.get(f"/_protected_media/{video.source.name}")
        stranger = client.get(path, headers=session_cookie(user=ExhibitorFactory().user))
        owner = client.get(path, headers=session_cookie(user=exhibitor.user))

    assert [anonymous.status_code, hidden.status_code, internal.status_code] == [404, 404, 404]
    assert stranger.status_code == 404
    assert owner.status_code == 200
    assert owner.content == b"not really a video"
    assert owner.headers["Content-Type"] == "video/mp4"
    assert owner.headers["Cache-Control"] == "private, no-store"


def test_pages_and_the_api_answer_through_nginx_from_either_worker(fair):
    building = BuildingFactory()

    with httpx.Client(base_url=fair.url, timeout=5) as client:
        page = client.get(building.get_absolute_url())
        town = client.get("/api/town")
        health = [client.get("/healthz") for _ in range(4)]

    assert page.status_code == 200
    assert f"<h1>{building.name}</h1>" in page.text
    assert [b["slug"] for b in town.json()["buildings"]] == [building.slug]
    assert [answer.status_code for answer in health] == [200, 200, 200, 200]
    assert "X-Cache" not in health[0].headers  # only the front-cached views meet the cache


def test_a_client_cannot_choose_its_address_behind_nginx(fair, settings):
    # Wrong passwords lock an account per address (django-axes): five tries, each claiming
    # another address in X-Forwarded-For, still come from one address, nginx's peer.
    teacher = UserFactory()
    with httpx.Client(base_url=fair.url, timeout=10) as client:
        page = client.get("/comptes/login/").text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        answers = [
            client.post(
                "/comptes/login/",
                data={"username": teacher.username, "password": password,
                      "csrfmiddlewaretoken": token},
                headers={"X-Forwarded-For": f"198.51.100.{n}"},
            ).status_code
            for n, password in enumerate(
                ["pas-le-bon"] * settings.AXES_FAILURE_LIMIT + ["motdepasse-solide-42"]
            )
        ]  # fmt: skip

    assert answers == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429, 429]


# --- Live rooms across workers ------------------------------------------------------------------


class LiveClass:
    def __init__(self, pupils: int = 2):
        booking = BookingFactory()
        self.booking = booking
        self.room = LiveRoom.objects.create(booking=booking, professional=UserFactory())
        self.teacher = session_cookie(user=booking.school_class.teacher.user)
        self.pupils = [
            session_cookie(pupil=PupilFactory(school_class=booking.school_class))
            for _ in range(pupils)
        ]


async def open_on_worker(sock, room_id: int, cookie: dict[str, str]):
    """A room socket pinned to one worker: straight on its Unix socket."""
    return await unix_connect(
        str(sock),
        uri=f"ws://localhost/ws/live/{room_id}/",
        origin="http://localhost",
        additional_headers=cookie,
    )


async def synced(socket):
    await socket.send(json.dumps(["sync", "s", {"last": 0}]))
    return await frame(socket)


async def frame(socket):
    # Generous: a frame that never comes fails the test all the same, and on a loaded machine a
    # round trip through nginx, a worker, PostgreSQL and Redis can take seconds.
    return json.loads(await asyncio.wait_for(socket.recv(), timeout=15))


def test_a_room_socket_works_through_nginx(fair):
    live = LiveClass()

    async def scenario():
        host = fair.url.removeprefix("http://")
        async with connect(
            f"ws://{host}/ws/live/{live.room.pk}/",
            origin=fair.url,
            additional_headers=live.pupils[0],
        ) as pupil:
            # The client offers per-message deflate as browsers do; the workers decline it (its
            # zlib contexts would cost each socket ≈ 38 KB of memory).
            assert pupil.response.headers.get("Sec-WebSocket-Extensions") is None
            assert await synced(pupil) == ["ack", "s", {"replayed": 0}]
            await pupil.send(json.dumps(["question.ask", 1, {"text": "Vous aimez votre métier ?"}]))
            ack = await frame(pupil)
            assert ack[:2] == ["ack", 1]
            assert ack[2]["question"]["text"] == "Vous aimez votre métier ?"

    asyncio.run(scenario())


async def handshake(address, path: str, *, origin: str, cookie: str = "") -> bytes:
    """A browser's WebSocket handshake on `address` (nginx's host and port, or a worker's Unix
    socket, as nginx forwards it); the head of the answer, up to its blank line."""
    if isinstance(address, tuple):
        reader, writer = await asyncio.open_connection(*address)
    else:
        reader, writer = await asyncio.open_unix_connection(str(address))
    writer.write(
        f"GET {path} HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        f"Origin: {origin}\r\nX-Forwarded-For: 127.0.0.1\r\nX-Forwarded-Proto: http\r\n"
        "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
        f"Cookie: {cookie}\r\n\r\n".encode()
    )
    try:
        return await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), timeout=15)
    finally:
        writer.close()


def test_every_handshake_answer_of_a_worker_fits_nginx_s_socket_buffer(fair):
    """nginx keeps proxy_buffer_size twice for each socket's life (`location ^~ /ws/`): the
    smaller, the less each socket costs, but a worker's answer to the handshake must fit in it,
    or nginx answers 502 instead."""
    config = (fair.folder / "nginx" / "nginx.conf").read_text()
    sockets_location = config[config.index("location ^~ /ws/") :]
    size = int(re.search(r"proxy_buffer_size (\d+);", sockets_location)[1])
    live = LiveClass()
    room = f"/ws/live/{live.room.pk}/"
    # A browser's cookies besides the session (language, CSRF token, the visit counter's).
    cookie = live.pupils[0]["Cookie"] + "; django_language=fr; csrftoken=" + "x" * 64
    cases = {
        "a room socket": (room, "http://localhost", 101),
        "a session bar": (f"/ws/classe/{live.booking.pk}/", "http://localhost", 101),
        "a room that does not exist": ("/ws/live/999999/", "http://localhost", 101),
        "another origin": (room, "http://elsewhere.example", 403),
        "no such socket": ("/ws/nulle-part/", "http://localhost", 403),
    }
    host, port = fair.url.removeprefix("http://").split(":")

    async def scenario():
        for case, (path, origin, status) in cases.items():
            answer = await handshake(fair.sockets[0], path, origin=origin, cookie=cookie)
            assert answer.startswith(b"HTTP/1.1 %d " % status), case
            assert len(answer) <= size, (case, answer)
            through = await handshake((host, int(port)), path, origin=origin, cookie=cookie)
            assert through.startswith(b"HTTP/1.1 %d " % status), (case, through)

    asyncio.run(scenario())


def test_a_question_approved_through_one_worker_reaches_a_pupil_on_the_other(fair):
    live = LiveClass()
    first, second = fair.sockets

    async def scenario():
        teacher = await open_on_worker(first, live.room.pk, live.teacher)
        asker = await open_on_worker(first, live.room.pk, live.pupils[0])
        classmate = await open_on_worker(second, live.room.pk, live.pupils[1])
        for socket in (teacher, asker, classmate):
            assert (await synced(socket))[0] == "ack"

        await asker.send(json.dumps(["question.ask", 1, {"text": "Il faut quel diplôme ?"}]))
        question_id = (await frame(asker))[2]["question"]["id"]
        asked = await frame(teacher)
        assert asked[2]["kind"] == "question.asked"
        await teacher.send(json.dumps(["question.approve", "a", {"question_id": question_id}]))

        approved = await frame(classmate)
        assert approved[0] == "event"
        assert approved[2]["kind"] == "question.approved"
        assert approved[2]["question"]["id"] == question_id
        assert approved[2]["question"]["text"] == "Il faut quel diplôme ?"
        for socket in (teacher, asker, classmate):
            await socket.close()

    asyncio.run(scenario())


async def on_worker(sock, path: str, cookie: dict[str, str]):
    return await unix_connect(
        str(sock), uri=f"ws://localhost{path}", origin="http://localhost", additional_headers=cookie
    )


def test_the_teachers_console_on_one_worker_reaches_pupils_on_the_other(fair):
    """Presence, gathering the class and freeing a pseudonym, whatever worker each one is on."""
    live = LiveClass(pupils=2)
    first, second = fair.sockets
    pupil_ids = list(live.booking.school_class.pupils.order_by("pk").values_list("pk", flat=True))
    bar_path = f"/ws/classe/{live.booking.pk}/"

    async def scenario():
        bars = [
            await on_worker(sock, bar_path, cookie)
            for sock, cookie in zip((first, second), live.pupils, strict=True)
        ]
        for bar in bars:
            assert (await frame(bar))[0] == "clock"
        console = await on_worker(first, f"{bar_path}console/", live.teacher)
        presence = await frame(console)
        while not all(row["connected"] for row in presence[2]["pupils"]):
            presence = await frame(console)  # each worker writes its pupils' presence
        assert sorted(row["id"] for row in presence[2]["pupils"]) == pupil_ids

        await console.send(json.dumps(["gather", 1, {}]))
        for bar in bars:
            assert await frame(bar) == [
                "move",
                None,
                {"url": "/?rassemblement=1", "reason": "gather"},
            ]
        await console.send(json.dumps(["free", 2, {"pupil_id": pupil_ids[1]}]))
        assert await frame(bars[1]) == ["released", None, {"url": "/rejoindre/"}]
        with pytest.raises(ConnectionClosed) as closed:
            await frame(bars[1])
        assert closed.value.rcvd.code == 4409
        await bars[0].send(json.dumps(["ping", "p", {}]))
        assert (await frame(bars[0]))[:2] == ["pong", "p"]  # the classmate's bar stays open
        for socket in (bars[0], console):
            await socket.close()

    asyncio.run(scenario())


def test_session_bars_hold_no_redis_connection_of_their_own(fair, settings):
    """A bar reads its pupil's session through the cache (cached_db): each worker shares one
    pool of Redis connections between its bars (usine/caches.py), where Django's cache made one
    connection per socket, held as long as the socket (10,000 bars: 10,000 Redis clients)."""
    live = LiveClass(pupils=14)
    redis = Redis.from_url(settings.CACHES["default"]["LOCATION"])
    host = fair.url.removeprefix("http://")
    bar_url = f"ws://{host}/ws/classe/{live.booking.pk}/"

    async def scenario():
        bars = []
        for cookie in live.pupils:
            bar = await connect(bar_url, origin=fair.url, additional_headers=cookie)
            assert (await frame(bar))[0] == "clock"
            bars.append(bar)
            if len(bars) == 4:  # each worker has its pools and its subscription by now
                before = len(redis.client_list())
        after = len(redis.client_list())
        for bar in bars:
            await bar.close()
        return before, after

    before, after = asyncio.run(scenario())
    # Ten more bars: at most one more pooled connection per worker (two bars read at once).
    assert after - before <= len(fair.workers)


# --- The front cache ----------------------------------------------------------------------------


def test_anonymous_town_json_is_served_from_the_front_cache(fair):
    BuildingFactory()

    with httpx.Client(base_url=fair.url, timeout=5) as client:
        at_the_start_of_a_second()
        answers = [client.get("/api/town") for _ in range(3)]

    assert [a.headers["X-Cache"] for a in answers] == ["MISS", "HIT", "HIT"]
    assert answers[2].content == answers[0].content


def test_a_signed_in_page_is_never_stored_nor_served_to_anyone_else(fair):
    teacher = session_cookie(user=BookingFactory().school_class.teacher.user)

    with httpx.Client(base_url=fair.url, timeout=5) as client:
        at_the_start_of_a_second()
        signed_in = client.get("/ville/texte/", headers=teacher)
        anonymous = client.get("/ville/texte/")
        again = client.get("/ville/texte/")
        signed_in_again = client.get("/ville/texte/", headers=teacher)

    assert signed_in.headers["X-Cache"] == "BYPASS"
    assert "Se déconnecter" in signed_in.text
    assert signed_in.headers["Cache-Control"] == "private"
    assert anonymous.headers["X-Cache"] == "MISS"
    assert "Se déconnecter" not in anonymous.text
    assert again.headers["X-Cache"] == "HIT"
    assert signed_in_again.headers["X-Cache"] == "BYPASS"
    assert "Se déconnecter" in signed_in_again.text


def test_the_front_cache_keeps_one_copy_per_language(fair):
    BuildingFactory()
    asks = [
        ({"Accept-Language": "en-GB,en;q=0.9"}, "en"),
        ({"Accept-Language": "fr-FR,fr;q=0.9,en;q=0.8"}, "fr"),
        ({"Accept-Language": "de-DE,de;q=0.9,en;q=0.8"}, "en"),
        ({"Accept-Language": "fr", "Cookie": "django_language=en"}, "en"),
        ({}, "fr"),
    ]

    with httpx.Client(base_url=fair.url, timeout=5) as client:
        for headers, language in asks:
            at_the_start_of_a_second()
            pages = [client.get("/ville/texte/", headers=headers) for _ in range(2)]
            assert [page.headers["X-Cache"] for page in pages] == ["MISS", "HIT"], headers
            heading = "The town as text" if language == "en" else "La ville en texte"
            for page in pages:
                assert page.headers["Content-Language"] == language, headers
                assert f"<h1>{heading}</h1>" in page.text


def test_a_change_shows_through_the_front_cache_within_a_second(fair):
    building = BuildingFactory(name="Chantier naval")
    with httpx.Client(base_url=fair.url, timeout=5) as client:
        at_the_start_of_a_second()
        assert client.get("/api/town").json()["buildings"][0]["name"] == "Chantier naval"
        assert client.get("/api/town").headers["X-Cache"] == "HIT"

        building.name = "Chantier naval de l'Estuaire"
        building.save()
        changed_at = time.monotonic()
        while client.get("/api/town").json()["buildings"][0]["name"] == "Chantier naval":
            # The rest of this second, and a render under the test's load.
            assert time.monotonic() - changed_at < 1.3, "the old town is still served"
            time.sleep(0.05)


# --- Failover -----------------------------------------------------------------------------------


async def session_clock(where, booking_id: int, cookie: dict[str, str]) -> dict:
    """The clock frame of a pupil's session bar socket: on one worker (its socket's path) or
    through nginx (its URL)."""
    path = f"/ws/classe/{booking_id}/"
    if isinstance(where, str):
        host = where.removeprefix("http://")
        opened = connect(f"ws://{host}{path}", origin=where, additional_headers=cookie)
    else:
        opened = unix_connect(
            str(where), uri=f"ws://localhost{path}", origin="http://localhost",
            additional_headers=cookie,
        )  # fmt: skip
    async with opened as socket:
        while (message := json.loads(await asyncio.wait_for(socket.recv(), 5)))[0] != "clock":
            pass
    return message[2]


class RoomClient:
    """A pupil's room socket as the page keeps it: on any loss it reconnects through nginx and
    syncs from the last event it saw; it records every event's id in the order received."""

    def __init__(self, fair, room_id: int, cookie: dict[str, str], first_socket):
        self.fair, self.room_id, self.cookie = fair, room_id, cookie
        self.first_socket = first_socket
        self.received: list[int] = []
        self.connections = 0
        self.synced = asyncio.Event()

    @property
    def last(self) -> int:
        return self.received[-1] if self.received else 0

    async def open(self):
        if self.connections == 0:
            return await open_on_worker(self.first_socket, self.room_id, self.cookie)
        return await connect(
            f"ws://{self.fair.url.removeprefix('http://')}/ws/live/{self.room_id}/",
            origin=self.fair.url,
            additional_headers=self.cookie,
        )

    async def run(self, stop: asyncio.Event):
        while not stop.is_set():
            try:
                async with await self.open() as socket:
                    self.connections += 1
                    await socket.send(json.dumps(["sync", "s", {"last": self.last}]))
                    async for message in socket:
                        kind, frame_id, _payload = json.loads(message)
                        if kind == "event":
                            self.received.append(frame_id)
                        elif kind == "ack" and frame_id == "s":
                            self.synced.set()
            except (OSError, ConnectionClosed):
                pass
            self.synced.clear()
            await asyncio.sleep(0.1)


def test_clients_of_a_killed_worker_resume_through_nginx_without_losing_an_event(fair):
    live = LiveClass(pupils=8)
    first, second = fair.sockets
    askers, listeners = live.pupils[:3], live.pupils[3:]

    async def scenario():
        teacher = await open_on_worker(second, live.room.pk, live.teacher)
        assert (await synced(teacher))[0] == "ack"
        question_ids = []
        for n, cookie in enumerate(askers):
            asker = await open_on_worker(second, live.room.pk, cookie)
            await synced(asker)
            for k in range(2):
                await asker.send(json.dumps(["question.ask", k, {"text": f"Question {n}.{k} ?"}]))
                question_ids.append((await frame(asker))[2]["question"]["id"])
            await asker.close()
        # The session bar of a pupil on the worker that will die: its clock before.
        clock_before = await session_clock(first, live.booking.pk, listeners[0])
        # Four listeners on the worker that will die, one on the other.
        clients = [
            RoomClient(fair, live.room.pk, cookie, first if n < 4 else second)
            for n, cookie in enumerate(listeners)
        ]
        stop = asyncio.Event()
        tasks = [asyncio.create_task(client.run(stop)) for client in clients]
        await asyncio.wait_for(asyncio.gather(*(c.synced.wait() for c in clients)), timeout=10)

        async def approve(question_id):
            await teacher.send(json.dumps(["question.approve", "a", {"question_id": question_id}]))
            while (await frame(teacher))[0] != "ack":
                pass

        for question_id in question_ids[:3]:
            await approve(question_id)
        fair.workers[0].send_signal(signal.SIGKILL)
        killed_at = time.monotonic()
        for question_id in question_ids[3:]:
            await approve(question_id)
            await asyncio.sleep(0.05)
        await asyncio.wait_for(asyncio.gather(*(c.synced.wait() for c in clients)), timeout=10)
        recovered_s = time.monotonic() - killed_at

        # What a pupil arriving now is replayed: every event a pupil may see, once each.
        async with await connect(
            f"ws://{fair.url.removeprefix('http://')}/ws/live/{live.room.pk}/",
            origin=fair.url,
            additional_headers=listeners[0],
        ) as newcomer:
            await newcomer.send(json.dumps(["sync", "s", {"last": 0}]))
            expected = []
            while (message := json.loads(await newcomer.recv()))[0] == "event":
                expected.append(message[1])
        deadline = time.monotonic() + 10
        while any(client.last != expected[-1] for client in clients):
            assert time.monotonic() < deadline, [client.received for client in clients]
            await asyncio.sleep(0.05)
        stop.set()
        for task in tasks:
            task.cancel()
        await teacher.close()
        clock_after = await session_clock(fair.url, live.booking.pk, listeners[0])
        return clients, expected, recovered_s, clock_before, clock_after

    clients, expected, recovered_s, clock_before, clock_after = asyncio.run(scenario())
    # Pages too: nginx passes over the dead worker's socket.
    with httpx.Client(base_url=fair.url, timeout=5) as client:
        assert [client.get("/healthz").status_code for _ in range(6)] == [200] * 6

    assert len(expected) == 6
    for client in clients:
        assert client.received == expected
    assert [client.connections for client in clients] == [2, 2, 2, 2, 1]
    assert recovered_s < 5
    # The pupil's hour is the class's slot, whatever worker tells it.
    moments = ("starts_at", "explore_ends_at", "ends_at", "phase")
    assert {k: clock_after[k] for k in moments} == {k: clock_before[k] for k in moments}
