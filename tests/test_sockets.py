"""The frame codec every socket shares (usine/sockets.py), and arbitrary frames thrown at every
socket of the fair through the real ASGI application: each frame gets its answer (an error frame
when it is bad, never a server error) and the socket stays open."""

import asyncio
import gc
import json
import math
import random
import threading
import tracemalloc
from pathlib import Path

import channels
import pytest
from asgiref import local as asgiref_local
from asgiref import sync as asgiref_sync
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.live.test_consumers import Room, open_socket
from tests.schools.helpers import booked_class, seated_session
from tests.schools.test_consumers import teacher_session
from usine import sockets
from usine.asgi import application
from usine.live.rooms.attendance import get_attendance
from usine.live.rooms.hub import get_hub
from usine.schools.session_bars import get_session_bars

# --- The codec ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        None,  # a binary frame
        "",
        "pas du json",
        '{"action": "sync"}',
        "[1, 2]",
        '["sync", 1, {}, 4]',
        '["sync", true, {}]',
        '["sync", 1.5, {}]',
        '["sync", {"id": 1}, {}]',
        '["sync", "' + "i" * 65 + '", {}]',
        '["sync", 9007199254740992, {}]',
        '["sync", 1, {"last": 9007199254740992}]',
        '["sync", 1, {"last": 1e400}]',
        '["sync", 1, {"last": NaN}]',
        '["sync", 1, {"last": -Infinity}]',
        '["sync", "\\ud800", {}]',
        '["question.ask", 1, {"text": "\\udfff"}]',
        "[" * 2000 + "]" * 2000,
        '["question.ask", 1, {"text": "' + "a" * sockets.MAX_FRAME_CHARS + '"}]',
    ],
)
def test_what_is_not_a_frame_is_malformed(text):
    with pytest.raises(sockets.MalformedFrame) as raised:
        sockets.parse(text)
    assert raised.value.frame_id is None


def test_a_malformed_frame_keeps_its_id_when_it_is_readable():
    for text in ['["sync", 7, "texte"]', "[3, 7, {}]", '["sync", 7, null]']:
        with pytest.raises(sockets.MalformedFrame) as raised:
            sockets.parse(text)
        assert raised.value.frame_id == 7


def test_frames_are_compact_utf8_json_arrays():
    assert sockets.parse('["question.ask", "q1", {"text": "Ça paie ?"}]') == (
        "question.ask",
        "q1",
        {"text": "Ça paie ?"},
    )
    assert sockets.parse('["sync", null, {"last": 9007199254740991}]').payload == {
        "last": 2**53 - 1
    }
    assert sockets.frame("clock", None, {"now": "été"}) == '["clock",null,{"now":"été"}]'
    assert sockets.ack(3) == '["ack",3,{}]'
    assert sockets.event(4, "question.hidden", {"question_id": 9}) == (
        '["event",4,{"kind":"question.hidden","question_id":9}]'
    )
    assert sockets.error("a", "invalid", "Non.", max=3) == (
        '["error","a",{"code":"invalid","message":"Non.","max":3}]'
    )


# --- Arbitrary frames at every socket -----------------------------------------------------------

ACTIONS = [
    "sync",
    "question.ask",
    "question.upvote",
    "question.approve",
    "question.hide",
    "pupil.mute",
    "here",
    "ping",
    "gather",
    "free",
]
FIELDS = ["last", "text", "question_id", "pupil_id", "minutes", "building"]
# Answers to a client frame; every other frame (events, clock, presence, moves) is pushed.
ANSWERS = {"ack", "error", "pong"}

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53) + 1, max_value=2**53 - 1)
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
frame_ids = st.none() | st.integers() | st.text(max_size=80) | json_values
# The fields the sockets read, each present or not, of any type.
known_fields = st.fixed_dictionaries({}, optional=dict.fromkeys(FIELDS, json_values))
any_fields = st.dictionaries(st.text(max_size=10), json_values, max_size=4)


def encoded(frame) -> str:
    return json.dumps(list(frame))


# What a client may send: frames of the right shape with known actions (most often), any action,
# any id and field values; JSON of any other shape; text that is not JSON; frames too long;
# binary frames.
client_frames = st.one_of(
    st.tuples(st.sampled_from(ACTIONS), frame_ids, known_fields).map(encoded),
    st.tuples(st.sampled_from(ACTIONS), st.integers(0, 9), known_fields).map(encoded),
    st.tuples(st.sampled_from(ACTIONS) | st.text(max_size=20), frame_ids, any_fields).map(encoded),
    st.tuples(st.sampled_from(ACTIONS), frame_ids, json_values).map(encoded),
    json_values.map(json.dumps),
    st.text(max_size=60),
    st.builds(
        lambda action, size: json.dumps([action, 1, {"text": "x" * size}]),
        st.sampled_from(ACTIONS),
        st.integers(min_value=sockets.MAX_FRAME_CHARS - 40, max_value=sockets.MAX_FRAME_CHARS + 40),
    ),
    st.binary(max_size=20),
)


def valid_numbers(value) -> bool:
    """No number a browser could not have meant: finite, integers within 2**53."""
    if isinstance(value, bool):
        return True
    if isinstance(value, int):
        return abs(value) < 2**53
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(valid_numbers(item) for item in value)
    if isinstance(value, dict):
        return all(valid_numbers(item) for item in value.values())
    return True


def expected_id(sent):
    """The id an answer to this frame must carry: the frame's when the frame can be read up to
    its id, else null."""
    if not isinstance(sent, str) or len(sent) > sockets.MAX_FRAME_CHARS:
        return None
    try:
        value = json.loads(sent)
    except ValueError:
        return None
    if not valid_numbers(value) or not isinstance(value, list) or len(value) != 3:
        return None
    frame_id = value[1]
    if frame_id is None or isinstance(frame_id, bool):
        return None
    if isinstance(frame_id, int | str) and len(str(frame_id)) <= sockets.MAX_ID_CHARS:
        return frame_id
    return None


class Sockets:
    """One open socket of each kind, opened at the first example and kept for the others."""

    def __init__(self):
        self.open = {}

    async def all(self) -> dict[str, WebsocketCommunicator]:
        if not self.open:
            room = await sync_to_async(Room)()
            self.open["live room, pupil"] = await open_socket(room.room.pk, pupil=room.pupils[0])
            self.open["live room, teacher"] = await open_socket(room.room.pk, user=room.teacher)
            bar_booking = await sync_to_async(booked_class)(pupils=2)
            pupil = await sync_to_async(lambda: bar_booking.school_class.pupils.first())()
            key = await sync_to_async(seated_session)(pupil)
            self.open["session bar"] = await self.connect(f"/ws/classe/{bar_booking.pk}/", key)
            # The console of another class: freeing one of its pupils never closes the bar.
            console_booking = await sync_to_async(booked_class)(pupils=2)
            key = await sync_to_async(teacher_session)(console_booking)
            path = f"/ws/classe/{console_booking.pk}/console/"
            self.open["console"] = await self.connect(path, key)
        return self.open

    @staticmethod
    async def connect(path, session_key):
        communicator = WebsocketCommunicator(
            application,
            path,
            headers=[
                (b"origin", b"http://localhost"),
                (b"host", b"localhost"),
                (b"cookie", f"sessionid={session_key}".encode()),
            ],
        )
        # Connecting reads the database: on a loaded machine it takes more than the default 1 s.
        connected, _ = await communicator.connect(timeout=10)
        assert connected
        return communicator

    async def close(self):
        for communicator in self.open.values():
            await communicator.disconnect()


@pytest.fixture
async def every_socket():
    opened = Sockets()
    yield opened
    await opened.close()
    await get_hub().close()
    await get_attendance().close()
    await get_session_bars().close()
    await sync_to_async(connections.close_all)()


async def answer(communicator, name, sent):
    """The answer to the frame just sent, past the frames the server pushed meanwhile."""
    while True:
        output = await communicator.receive_output(timeout=3)
        assert output["type"] == "websocket.send", f"{name} closed after {sent!r}: {output}"
        frame = json.loads(output["text"])
        if frame[0] in ANSWERS:
            return frame


@pytest.mark.django_db(transaction=True)
@settings(
    max_examples=100,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(frames=st.lists(client_frames, min_size=1, max_size=6))
async def test_every_bad_frame_gets_an_error_frame_and_the_socket_stays_open(every_socket, frames):
    for name, communicator in (await every_socket.all()).items():
        for sent in frames:
            # send_input: send_to refuses an empty frame, which a client may send.
            field = "bytes" if isinstance(sent, bytes) else "text"
            await communicator.send_input({"type": "websocket.receive", field: sent})
            kind, frame_id, payload = await answer(communicator, name, sent)
            assert frame_id == expected_id(sent), (name, sent)
            if kind == "error":
                assert set(payload) >= {"code", "message"}, (name, sent)
                assert payload["code"] != "server_error", (name, sent)
                assert payload["message"], (name, sent)
        # Still open, still answering.
        await communicator.send_to(text_data='["no.such.action", "still", {}]')
        assert (await answer(communicator, name, "check"))[:2] == ["error", "still"]


# --- A thousand fuzzed frames at each socket, as each role -----------------------------------


def fuzzed_frames(seed: int, count: int = 1000) -> list[str | bytes]:
    """`count` frames a client could send, from a seeded generator (the same every run): frames
    of the right shape with known actions and fields of any type, numbers out of range, deep
    nesting, oversized, truncated, not JSON, binary."""
    rng = random.Random(seed)

    def value(depth=0):
        kind = rng.randrange(12 if depth < 3 else 8)
        if kind == 0:
            return None
        if kind == 1:
            return rng.choice([True, False])
        if kind == 2:
            return rng.randint(-5, 50)
        if kind == 3:
            return rng.choice([0, -1, 2**31, 2**53 - 1, -(2**53) + 1, 2**63])
        if kind == 4:
            return rng.uniform(-1e308, 1e308)
        if kind in (5, 6):
            return "".join(chr(rng.randrange(0, 0x3000)) for _ in range(rng.randrange(30)))
        if kind == 7:
            return rng.choice(["", "1", " 2 ", "\x00", "énergie", "a" * 300])
        if kind in (8, 9):
            return [value(depth + 1) for _ in range(rng.randrange(4))]
        return {rng.choice(FIELDS): value(depth + 1) for _ in range(rng.randrange(4))}

    def one() -> str | bytes:
        kind = rng.randrange(10)
        action = rng.choice(ACTIONS) if rng.random() < 0.9 else value()
        frame_id = rng.choice([None, rng.randrange(10**6), "x" * rng.randrange(80), value()])
        if kind <= 3:
            payload = {field: value() for field in rng.sample(FIELDS, rng.randrange(4))}
            return json.dumps([action, frame_id, payload])
        if kind == 4:
            return json.dumps([action, frame_id, value()])
        if kind == 5:  # numbers no browser sends
            number = rng.choice(["1e400", "-1e999", "NaN", "Infinity", "9" * 500, "-0.0e-999"])
            return f'["{rng.choice(ACTIONS)}", 1, {{"{rng.choice(FIELDS)}": {number}}}]'
        if kind == 6:  # nesting, within the size limit or not
            depth = rng.choice([5, 9, 50, 900, 2000, 3000])
            inner = '{"text":' * depth + "1" + "}" * depth
            return f'["{rng.choice(ACTIONS)}", 2, {inner}]'
        if kind == 7:  # oversized, or cut short
            text = json.dumps([action, frame_id, {"text": "x" * rng.randrange(10, 9000)}])
            return text if rng.random() < 0.5 else text[: rng.randrange(len(text))]
        if kind == 8:
            return "".join(chr(rng.randrange(32, 0x800)) for _ in range(rng.randrange(60)))
        return rng.randbytes(rng.randrange(40))

    return [one() for _ in range(count)]


def test_fuzzed_frames_are_repeatable_and_varied():
    frames = fuzzed_frames(1)
    assert frames == fuzzed_frames(1)
    assert len(frames) == 1000
    assert any(isinstance(sent, bytes) for sent in frames)
    assert any(isinstance(sent, str) and len(sent) > sockets.MAX_FRAME_CHARS for sent in frames)


async def throw_frames(communicator, name, frames) -> None:
    """Send every frame, then check the socket still answers: no close, no server error."""
    for sent in frames:
        field = "bytes" if isinstance(sent, bytes) else "text"
        await communicator.send_input({"type": "websocket.receive", field: sent})
    await communicator.send_to(text_data='["no.such.action", "still", {}]')
    while True:
        output = await communicator.receive_output(timeout=30)
        assert output["type"] == "websocket.send", f"{name} closed: {output}"
        frame = json.loads(output["text"])
        if frame[0] == "error":
            assert frame[2]["code"] != "server_error", (name, frame)
        if frame[:2] == ["error", "still"]:
            return


async def settled_tasks() -> set:
    await asyncio.sleep(0.05)  # the tasks that end with a socket finish
    return {task for task in asyncio.all_tasks() if not task.done()}


@pytest.mark.django_db(transaction=True)
async def test_a_thousand_fuzzed_frames_crash_no_socket_leak_no_task_nor_hub_socket():
    try:
        room = await sync_to_async(Room)()
        # A classmate stays in the room throughout: the hub must hold it, and it only.
        observer = await open_socket(room.room.pk, pupil=room.pupils[1])
        local_room = get_hub().rooms[room.room.pk]
        (observing,) = local_room.everyone | local_room.moderators
        # And a classmate's session bar: the process's bars hold it, and it only.
        bar_booking = await sync_to_async(booked_class)(pupils=2)
        pupils = await sync_to_async(lambda: list(bar_booking.school_class.pupils.all()))()
        key = await sync_to_async(seated_session)(pupils[1])
        bar_observer = await Sockets.connect(f"/ws/classe/{bar_booking.pk}/", key)
        assert json.loads(await bar_observer.receive_from())[0] == "clock"
        bars = get_session_bars()
        (bar_observing,) = bars.classes[bar_booking.pk]
        await bars.writing  # the classmate's presence
        before = await settled_tasks()
        roles = {
            "pupil": {"pupil": room.pupils[0]},
            "teacher": {"user": room.teacher},
            "professional": {"user": room.professional},
            "organizer": {"user": room.organizer},
        }
        for seed, (role, identity) in enumerate(roles.items()):
            communicator = await open_socket(room.room.pk, sync=None, **identity)
            await throw_frames(communicator, f"live room, {role}", fuzzed_frames(seed))
            await communicator.disconnect()
            assert await settled_tasks() == before, role
            assert local_room.everyone | local_room.moderators == {observing}, role
            assert not observing.closed

        key = await sync_to_async(seated_session)(pupils[0])
        bar = await Sockets.connect(f"/ws/classe/{bar_booking.pk}/", key)
        await throw_frames(bar, "session bar", fuzzed_frames(10))
        await bar.disconnect()
        assert await settled_tasks() == before, "session bar"
        assert bars.classes == {bar_booking.pk: {bar_observing}}
        assert not bar_observing.closed

        console_booking = await sync_to_async(booked_class)(pupils=2)
        key = await sync_to_async(teacher_session)(console_booking)
        console = await Sockets.connect(f"/ws/classe/{console_booking.pk}/console/", key)
        await throw_frames(console, "console", fuzzed_frames(11))
        await console.disconnect()
        assert await settled_tasks() == before, "console"

        await observer.send_to(text_data='["ping", "p", {}]')
        assert (await answer(observer, "observer", "ping"))[:2] == ["error", "p"]
        await observer.disconnect()
        await bar_observer.send_to(text_data='["ping", "p", {}]')
        assert (await answer(bar_observer, "bar observer", "ping"))[:2] == ["pong", "p"]
        await bar_observer.disconnect()
    finally:
        await get_hub().close()
        await get_attendance().close()
        await get_session_bars().close()
        await sync_to_async(connections.close_all)()


# --- The Origin check ---------------------------------------------------------------------------


def _scope(origin=None, host=None, scheme="ws", extra=()):
    headers = [(b"origin", origin), (b"host", host), *extra]
    return {
        "type": "websocket",
        "scheme": scheme,
        "headers": [(name, value) for name, value in headers if value is not None],
    }


@pytest.mark.parametrize(
    ("origin", "host", "scheme"),
    [
        (b"http://localhost", b"localhost", "ws"),
        (b"http://localhost:80", b"localhost", "ws"),
        (b"http://LocalHost:8000", b"localhost:8000", "ws"),
        (b"https://127.0.0.1", b"127.0.0.1:443", "wss"),
        (b"http://[::1]:8100", b"[::1]:8100", "ws"),
    ],
)
def test_the_origin_the_socket_was_opened_on_is_let_in(origin, host, scheme):
    assert sockets.same_origin(_scope(origin, host, scheme))


@pytest.mark.parametrize(
    ("origin", "host", "scheme"),
    [
        (None, b"localhost", "ws"),
        (b"http://localhost", None, "ws"),
        (b"null", b"localhost", "ws"),
        (b"http://localhost:8000", b"localhost", "ws"),  # port
        (b"http://localhost", b"localhost:8000", "ws"),
        (b"https://localhost", b"localhost", "ws"),  # scheme
        (b"http://localhost", b"localhost", "wss"),
        (b"http://127.0.0.1", b"localhost", "ws"),  # host, both allowed
        (b"http://evil.example", b"evil.example", "ws"),  # not in ALLOWED_HOSTS
        (b"http://localhost:99999", b"localhost:99999", "ws"),
        (b"http://user@localhost", b"localhost", "ws"),
        (b"http://localhost/page", b"localhost", "ws"),
        (b"ftp://localhost", b"localhost", "ws"),
    ],
)
def test_any_other_origin_is_refused(origin, host, scheme):
    assert not sockets.same_origin(_scope(origin, host, scheme))


def test_two_origins_are_refused():
    scope = _scope(b"http://localhost", b"localhost", extra=[(b"origin", b"http://localhost")])
    assert not sockets.same_origin(scope)


def test_behind_a_proxy_ending_tls_the_origin_is_https(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    proxied = [(b"x-forwarded-proto", b"https")]
    assert sockets.same_origin(_scope(b"https://localhost", b"localhost", extra=proxied))
    assert not sockets.same_origin(_scope(b"http://localhost", b"localhost", extra=proxied))
    assert sockets.same_origin(_scope(b"http://localhost", b"localhost"))


def test_payloads_nested_deeper_than_the_limit_are_malformed_with_their_id():
    nested = '{"text":' * (sockets.MAX_DEPTH - 1) + "1" + "}" * (sockets.MAX_DEPTH - 1)
    assert sockets.parse(f'["question.ask", 5, {nested}]').action == "question.ask"
    deeper = '{"text":' * sockets.MAX_DEPTH + "1" + "}" * sockets.MAX_DEPTH
    with pytest.raises(sockets.MalformedFrame) as raised:
        sockets.parse(f'["question.ask", 5, {deeper}]')
    assert raised.value.frame_id == 5
    # Within the size limit, deep enough to exhaust recursion in whatever reads it next.
    deepest = "[" * 1500 + "]" * 1500
    with pytest.raises(sockets.MalformedFrame):
        sockets.parse(f'["sync", 5, {{"last": {deepest}}}]')


class Restarting(sockets.FrameConsumer):
    """A socket whose actions meet the database, then Redis, out of reach, then a bug."""

    async def on_database(self, frame_id, payload):
        from django.db.utils import OperationalError

        raise OperationalError("connection to server failed: Connection refused")

    async def on_redis(self, frame_id, payload):
        from redis.exceptions import ConnectionError

        raise ConnectionError("Error 111 connecting to localhost:6379. Connection refused.")

    async def on_bug(self, frame_id, payload):
        raise RuntimeError("a bug")

    handlers = {"database": on_database, "redis": on_redis, "bug": on_bug}


async def test_an_action_meeting_a_service_out_of_reach_is_refused_to_be_sent_again():
    communicator = WebsocketCommunicator(Restarting.as_asgi(), "/ws/essai/")
    connected, _ = await communicator.connect()
    assert connected
    answers = []
    for action in ("database", "redis", "bug"):
        await communicator.send_to(text_data=json.dumps([action, action, {}]))
        answers.append(json.loads(await communicator.receive_from(timeout=3)))
    await communicator.disconnect()

    again = "Le salon reprend dans un instant : réessaie dans quelques secondes."
    assert answers == [
        ["error", "database", {"code": "unavailable", "message": again}],
        ["error", "redis", {"code": "unavailable", "message": again}],
        ["error", "bug", {"code": "server_error", "message": "Erreur du serveur, réessaie."}],
    ]


class Waiting(sockets.FrameConsumer):
    """A socket whose `wait` frames are answered in the background once the test opens the
    gate; `now` answers at once."""

    gate: asyncio.Event

    async def on_wait(self, frame_id, payload):
        async def answering():
            await self.gate.wait()
            if payload.get("fail"):
                raise RuntimeError("a bug")
            await self.reply(sockets.ack(frame_id))

        await self.answer_later(frame_id, "wait", answering())

    async def on_now(self, frame_id, payload):
        await self.reply(sockets.ack(frame_id, {"in_flight": len(self.in_flight)}))

    handlers = {"wait": on_wait, "now": on_now}


async def test_frames_answered_later_let_the_next_ones_through_up_to_a_limit(monkeypatch):
    monkeypatch.setattr(sockets, "MAX_IN_FLIGHT", 3)
    Waiting.gate = asyncio.Event()
    communicator = WebsocketCommunicator(Waiting.as_asgi(), "/ws/essai/")
    connected, _ = await communicator.connect()
    assert connected

    async def send(frame):
        await communicator.send_to(text_data=json.dumps(frame))

    async def receive():
        return json.loads(await communicator.receive_from(timeout=3))

    await send(["wait", 1, {}])
    await send(["now", 2, {}])
    # Read and answered while the first still waits.
    assert await receive() == ["ack", 2, {"in_flight": 1}]
    await send(["wait", 3, {"fail": True}])
    await send(["wait", 4, {}])
    await send(["wait", 5, {}])
    await send(["now", 6, {}])
    # Three wait already: the fifth frame waits for a place, and the sixth behind it.
    assert await communicator.receive_nothing(timeout=0.2)
    Waiting.gate.set()
    answers = sorted([await receive() for _ in range(5)], key=lambda frame: frame[1])
    await communicator.disconnect()

    assert answers[:4] == [
        ["ack", 1, {}],
        ["error", 3, {"code": "server_error", "message": "Erreur du serveur, réessaie."}],
        ["ack", 4, {}],
        ["ack", 5, {}],
    ]
    assert answers[4][:2] == ["ack", 6]


async def test_frames_do_not_queue_on_the_database_thread(monkeypatch):
    """Channels hops to its one database thread before each message; a frame socket never does
    (its database calls close stale connections themselves)."""
    hops = []

    async def counted():
        hops.append(1)

    monkeypatch.setattr("channels.consumer.aclose_old_connections", counted)
    communicator = WebsocketCommunicator(Waiting.as_asgi(), "/ws/essai/")
    connected, _ = await communicator.connect()
    assert connected
    assert hops == []
    for frame_id in range(3):
        await communicator.send_to(text_data=json.dumps(["now", frame_id, {}]))
        assert json.loads(await communicator.receive_from(timeout=3))[:2] == ["ack", frame_id]
    await communicator.disconnect()
    assert hops == []


# --- What an open socket holds ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
async def test_an_open_room_socket_holds_no_copy_of_djangos_locals():
    """Connecting and syncing reach the database: none of Django's asgiref Locals (caches, URL
    resolvers, translations…) set up there is kept in the socket's context for its whole life
    (usine/database_threads.py, usine/live/consumers.py). When asgiref copied
    them back: ≈ 20 blocks for these 8 sockets, ≈ 44 a socket (4-6 KB) under uvicorn, where a
    socket's context does not start as a copy of the test's."""
    room = await sync_to_async(Room)()
    await open_socket(room.room.pk, pupil=room.pupils[0])  # warm: imports, the room in the hub
    opened = []
    tracemalloc.start(25)  # deep enough to reach the application's frames
    try:
        before = tracemalloc.take_snapshot()
        for pupil in room.pupils:
            for _ in range(sockets.MAX_SOCKETS_PER_SEAT - (pupil == room.pupils[0])):
                opened.append(await open_socket(room.room.pk, pupil=pupil))
        gc.collect()
        after = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
        for communicator in opened:
            await communicator.disconnect()
        await get_hub().close()
        await get_attendance().close()
        await sync_to_async(connections.close_all)()
    # Copied by the application and Channels (the test's sync_to_async calls keep theirs).
    ours = [
        tracemalloc.Filter(True, str(Path(package.__file__).parent / "*"), all_frames=True)
        for package in (sockets, channels)
    ]
    # Copied back by asgiref into the caller's context (a Local's storage made there is the
    # session middleware's own cache handle: one small dict, not the copies measured here).
    copied = [tracemalloc.Filter(True, asgiref_sync.__file__, all_frames=True)]
    # Not a database thread's own Locals (its connection, made on its first call): on the
    # event loop's thread only.
    copied.append(tracemalloc.Filter(False, threading.__file__, all_frames=True))
    in_locals = [tracemalloc.Filter(True, asgiref_local.__file__)]
    held = [
        snapshot.filter_traces(ours).filter_traces(copied).filter_traces(in_locals)
        for snapshot in (before, after)
    ]
    blocks = sum(stat.count_diff for stat in held[1].compare_to(held[0], "filename"))
    assert len(opened) == 8
    assert blocks == 0


@pytest.mark.django_db(transaction=True)
async def test_an_open_room_socket_holds_nothing_allocated_by_channels():
    """A room socket is a plain ASGI app routed by SocketRouter: neither Channels' middleware,
    consumer nor URLRouter allocated anything it holds (its copies of the scope, its session
    and user, its dispatch tasks: ≈ 10 KB a socket under uvicorn)."""
    room = await sync_to_async(Room)()
    await open_socket(room.room.pk, pupil=room.pupils[0])  # warm: imports, the room in the hub
    opened = []
    # Where each block was allocated (the channels.testing communicator is the test's own).
    by_channels = [
        tracemalloc.Filter(True, str(Path(channels.__file__).parent / "*")),
        tracemalloc.Filter(False, str(Path(channels.__file__).parent / "testing" / "*")),
    ]
    tracemalloc.start()
    try:
        before = tracemalloc.take_snapshot().filter_traces(by_channels)
        for pupil in room.pupils:
            opened.append(await open_socket(room.room.pk, pupil=pupil))
        # A database call still running in its thread (the hub's, the attendance's) holds a
        # frame of channels' DatabaseSyncToAsync for a moment: what the sockets hold stays.
        for _attempt in range(20):
            gc.collect()
            after = tracemalloc.take_snapshot().filter_traces(by_channels)
            grown = [stat for stat in after.compare_to(before, "lineno") if stat.count_diff]
            if not grown:
                break
            await asyncio.sleep(0.05)
    finally:
        tracemalloc.stop()
        for communicator in opened:
            await communicator.disconnect()
        await get_hub().close()
        await get_attendance().close()
        await sync_to_async(connections.close_all)()
    assert len(opened) == 3
    assert sum(stat.count_diff for stat in grown) == 0, [str(stat) for stat in grown]


@pytest.mark.django_db(transaction=True)
async def test_a_path_no_socket_answers_is_refused_403():
    communicator = WebsocketCommunicator(
        application,
        "/ws/nulle-part/",
        headers=[(b"origin", b"http://localhost"), (b"host", b"localhost")],
    )
    # Closed before the handshake: the server answers 403 (tests/test_production_form.py).
    assert await communicator.connect() == (False, 1000)


@pytest.mark.parametrize(
    ("headers", "language"),
    [
        ([(b"accept-language", b"en-GB,en;q=0.9,fr;q=0.8")], "en"),
        ([(b"accept-language", b"de-DE,fr;q=0.5")], "fr"),
        ([(b"accept-language", b"de-DE")], "fr"),
        ([(b"cookie", b"django_language=en"), (b"accept-language", b"fr-FR")], "en"),
        ([(b"cookie", b"django_language=xx"), (b"accept-language", b"en")], "en"),
        ([(b"accept-language", b"\xff\xfe;q=zz")], "fr"),
        ([], "fr"),
    ],
)
def test_a_socket_speaks_the_language_its_page_was_drawn_in(headers, language):
    assert sockets.scope_language({"headers": headers}) == language
