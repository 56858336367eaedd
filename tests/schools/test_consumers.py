"""The class session's sockets through the project's real ASGI application (origin check,
sessions and auth middleware included)."""

import asyncio
import datetime
import json
import threading

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.sessions.backends.cached_db import SessionStore
from django.core.cache import cache
from django.db import connections
from django.urls import reverse

from tests.fair.factories import BuildingFactory
from usine import database_threads, sockets
from usine.asgi import application
from usine.live.models import LiveRoom
from usine.schools import consumers, join, session_bars
from usine.schools.models import BuildingVisit, SeatClaim
from usine.schools.session_bars import get_session_bars

from .helpers import booked_class, seated_session

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = (b"origin", b"http://localhost")
HOST = (b"host", b"localhost")  # the socket's host: the origin must match it


@pytest.fixture(autouse=True)
async def _close_connections():
    yield
    await get_session_bars().close()
    await sync_to_async(connections.close_all)()


def socket(path, session_key=None):
    headers = [ORIGIN, HOST]
    if session_key:
        headers.append((b"cookie", f"sessionid={session_key}".encode()))
    return WebsocketCommunicator(application, path, headers=headers)


async def receive(communicator, timeout=3):
    return json.loads(await communicator.receive_from(timeout=timeout))


async def pupil_socket(*, started_ago, pupils=2):
    booking = await sync_to_async(booked_class)(started_ago=started_ago, pupils=pupils)
    pupil = await sync_to_async(lambda: booking.school_class.pupils.first())()
    key = await sync_to_async(seated_session)(pupil)
    communicator = socket(f"/ws/classe/{booking.pk}/", key)
    connected, _ = await communicator.connect(timeout=5)
    assert connected
    return booking, pupil, communicator


def teacher_session(booking) -> str:
    user = booking.school_class.teacher.user
    store = SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.save()
    return store.session_key


async def test_the_session_bar_keeps_the_seat_it_read_for_the_pupil_s_next_page():
    _booking, pupil, communicator = await pupil_socket(started_ago=datetime.timedelta(minutes=5))
    await receive(communicator)
    key = dict(communicator.scope["headers"])[b"cookie"].decode().split("=", 1)[1]
    kept = await sync_to_async(cache.get)(join.SEAT_CACHE_KEY.format(session=key))
    assert (kept[0], kept[1], kept[2].pupil_id) == (
        await sync_to_async(join.seat_version)(pupil.pk),
        pupil.pk,
        pupil.pk,
    )
    await communicator.disconnect()


async def test_the_pupil_gets_the_server_clock_first():
    booking, _pupil, communicator = await pupil_socket(started_ago=datetime.timedelta(minutes=5))
    action, frame_id, payload = await receive(communicator)
    assert (action, frame_id) == ("clock", None)
    assert payload["phase"] == "exploring"
    assert payload["live_url"] == reverse("live:class_exchange")
    # The live room is opened when the first pupil goes to it, not by the clock.
    assert not await sync_to_async(LiveRoom.objects.filter(booking=booking).exists)()
    assert datetime.datetime.fromisoformat(payload["explore_ends_at"]) == (
        booking.slot.starts_at + datetime.timedelta(minutes=60)
    )
    await communicator.disconnect()


async def test_at_minute_60_the_pupil_is_moved_to_the_live_room_within_two_seconds():
    started = datetime.timedelta(minutes=59, seconds=59)
    _booking, _pupil, communicator = await pupil_socket(started_ago=started)
    await receive(communicator)  # the clock
    loop = asyncio.get_running_loop()
    began = loop.time()
    action, _id, payload = await receive(communicator, timeout=3)
    assert action == "move"
    assert payload == {"url": reverse("live:class_exchange"), "reason": "live"}
    assert loop.time() - began < 2
    await communicator.disconnect()


async def test_after_minute_60_a_reconnecting_pupil_is_moved_at_once():
    _booking, _pupil, communicator = await pupil_socket(started_ago=datetime.timedelta(minutes=70))
    assert (await receive(communicator))[0] == "clock"
    assert (await receive(communicator, timeout=1))[0] == "move"
    await communicator.disconnect()


async def test_a_browser_without_the_seat_is_turned_away():
    booking = await sync_to_async(booked_class)()
    communicator = socket(f"/ws/classe/{booking.pk}/")
    connected, _ = await communicator.connect()
    assert connected
    assert (await communicator.receive_output(timeout=3))["code"] == 4404


async def test_a_pupil_cannot_open_another_class_socket():
    _booking, pupil, communicator = await pupil_socket(started_ago=datetime.timedelta(minutes=5))
    await communicator.disconnect()
    other = await sync_to_async(booked_class)()
    key = await sync_to_async(lambda: SeatClaim.objects.get(pupil=pupil).session_key)()
    intruder = socket(f"/ws/classe/{other.pk}/", key)
    await intruder.connect()
    assert (await intruder.receive_output(timeout=3))["code"] == 4404


@pytest.mark.parametrize(
    ("languages", "sector"), [("en-GB,en;q=0.9", "metalworking"), ("fr-FR,fr", "métallurgie")]
)
async def test_the_passport_over_the_socket_speaks_the_page_s_language(languages, sector):
    booking = await sync_to_async(booked_class)(started_ago=datetime.timedelta(minutes=5))
    pupil = await sync_to_async(lambda: booking.school_class.pupils.first())()
    building = await sync_to_async(BuildingFactory)(
        edition=booking.school_class.edition, company__sector="metallurgy"
    )
    await sync_to_async(BuildingVisit.objects.create)(
        pupil=pupil, building=building, seconds=90, stamped_at=datetime.datetime.now(datetime.UTC)
    )
    key = await sync_to_async(seated_session)(pupil)
    communicator = socket(f"/ws/classe/{booking.pk}/", key)
    communicator.scope["headers"].append((b"accept-language", languages.encode()))
    assert (await communicator.connect(timeout=5))[0]
    await receive(communicator)
    await communicator.send_to(json.dumps(["here", 7, {"building": building.slug}]))
    _action, _id, payload = await receive(communicator)
    assert [stamp["sector"] for stamp in payload["passport"]["stamps"]] == [sector]
    await communicator.disconnect()


async def test_presence_and_building_reach_the_teacher_console():
    booking, pupil, communicator = await pupil_socket(started_ago=datetime.timedelta(minutes=5))
    await receive(communicator)
    building = await sync_to_async(BuildingFactory)(edition=booking.school_class.edition)
    await communicator.send_to(json.dumps(["here", 7, {"building": building.slug}]))
    action, frame_id, payload = await receive(communicator)
    assert (action, frame_id, payload["passport"]["buildings"]) == ("ack", 7, 0)

    key = await sync_to_async(teacher_session)(booking)
    console = socket(f"/ws/classe/{booking.pk}/console/", key)
    assert (await console.connect())[0]
    action, _id, payload = await receive(console)
    assert action == "presence"
    mine = next(row for row in payload["pupils"] if row["id"] == pupil.pk)
    assert (mine["connected"], mine["building"], mine["claimed"]) == (True, building.name, True)
    others = [row for row in payload["pupils"] if row["id"] != pupil.pk]
    assert [row["connected"] for row in others] == [False]

    await communicator.disconnect()
    action, _id, payload = await receive(console, timeout=4)
    mine = next(row for row in payload["pupils"] if row["id"] == pupil.pk)
    assert mine["connected"] is False
    await console.disconnect()


async def test_gathering_moves_every_pupil_of_the_class_and_no_one_else():
    booking = await sync_to_async(booked_class)(pupils=2)
    pupils = await sync_to_async(lambda: list(booking.school_class.pupils.all()))()
    sockets = []
    for pupil in pupils:
        key = await sync_to_async(seated_session)(pupil)
        communicator = socket(f"/ws/classe/{booking.pk}/", key)
        await communicator.connect()
        await receive(communicator)
        sockets.append(communicator)
    _other_booking, _other, stranger = await pupil_socket(started_ago=datetime.timedelta(minutes=5))
    await receive(stranger)

    key = await sync_to_async(teacher_session)(booking)
    console = socket(f"/ws/classe/{booking.pk}/console/", key)
    await console.connect()
    await receive(console)
    await console.send_to(json.dumps(["gather", 1, {}]))
    for communicator in sockets:
        action, _id, payload = await receive(communicator)
        assert (action, payload) == ("move", {"url": "/?rassemblement=1", "reason": "gather"})
    assert await stranger.receive_nothing(timeout=0.5)
    for communicator in [*sockets, stranger, console]:
        await communicator.disconnect()


async def test_freeing_a_pseudonym_signs_its_browser_out():
    booking, pupil, communicator = await pupil_socket(started_ago=datetime.timedelta(minutes=5))
    await receive(communicator)
    key = await sync_to_async(teacher_session)(booking)
    console = socket(f"/ws/classe/{booking.pk}/console/", key)
    await console.connect()
    await receive(console)
    pupil_key = await sync_to_async(lambda: SeatClaim.objects.get(pupil=pupil).session_key)()

    await console.send_to(json.dumps(["free", 2, {"pupil_id": pupil.pk}]))
    assert await receive(communicator) == ["released", None, {"url": "/rejoindre/"}]
    assert (await communicator.receive_output(timeout=3))["code"] == 4409
    assert not await sync_to_async(SeatClaim.objects.filter(pupil=pupil).exists)()
    assert not await sync_to_async(SessionStore().exists)(pupil_key)
    await console.disconnect()


async def test_the_console_is_the_class_teachers_only_and_survives_bad_frames():
    booking = await sync_to_async(booked_class)()
    other_booking = await sync_to_async(booked_class)()
    key = await sync_to_async(teacher_session)(other_booking)
    intruder = socket(f"/ws/classe/{booking.pk}/console/", key)
    await intruder.connect()
    assert (await intruder.receive_output(timeout=3))["code"] == 4404

    anonymous = socket(f"/ws/classe/{booking.pk}/console/")
    await anonymous.connect()
    assert (await anonymous.receive_output(timeout=3))["code"] == 4404

    key = await sync_to_async(teacher_session)(booking)
    console = socket(f"/ws/classe/{booking.pk}/console/", key)
    await console.connect()
    await receive(console)
    await console.send_to("not json")
    assert (await receive(console))[0] == "error"
    await console.send_to(json.dumps(["free", 3, {"pupil_id": "abc"}]))
    assert await receive(console) == [
        "error",
        3,
        {"code": "invalid", "message": "Cet élève n'est pas dans cette classe."},
    ]
    await console.send_to(json.dumps(["explode", 4, {}]))
    assert (await receive(console))[2]["code"] == "unknown_action"
    await console.disconnect()


async def test_a_handshake_without_origin_is_refused():
    booking = await sync_to_async(booked_class)()
    communicator = WebsocketCommunicator(application, f"/ws/classe/{booking.pk}/")
    connected, _ = await communicator.connect()
    assert not connected


def _running(name: str) -> list:
    return [
        task
        for task in asyncio.all_tasks()
        if not task.done() and getattr(task.get_coro(), "__name__", "") == name
    ]


async def test_a_bar_reads_its_next_frames_while_its_here_waits_for_the_database():
    """uvicorn reads nothing more from a socket while a frame waits for the app, the keepalive's
    pong included, and closes it 1011 after 20 s without one: a bar that waited for its `here`
    on a busy server (every database thread taken) was lost that way at the design point."""
    booking, _pupil, communicator = await pupil_socket(started_ago=datetime.timedelta(minutes=5))
    await receive(communicator)  # the clock
    await get_session_bars().writing  # the pupil's arrival
    building = await sync_to_async(BuildingFactory)(edition=booking.school_class.edition)
    release = threading.Event()
    taken = [
        database_threads._executor.submit(release.wait) for _ in range(database_threads.THREADS)
    ]
    # Given back after the pong's deadline whatever happens (a bar stuck in its `here` is
    # cancelled by the timeout, which waits for the database call to end).
    asyncio.get_running_loop().call_later(4, release.set)
    await communicator.send_to(json.dumps(["here", 1, {"building": building.slug}]))
    await communicator.send_to(json.dumps(["ping", 2, {}]))
    assert (await receive(communicator))[:2] == ["pong", 2]
    while get_session_bars().pings:  # frame 1 taken by a write (waiting for a thread)
        await asyncio.sleep(0.01)
    # The next round holds a pupil's MAX_WAITING frames; past them, a frame is refused at once.
    for frame_id in range(3, 4 + session_bars.MAX_WAITING):
        await communicator.send_to(json.dumps(["here", frame_id, {"building": building.slug}]))
    refused = await receive(communicator)
    assert (refused[0], refused[1], refused[2]["code"]) == ("error", 13, "too_many")
    assert not release.is_set()
    release.set()
    answers = [await receive(communicator) for _ in range(1 + session_bars.MAX_WAITING)]
    assert [(action, frame_id) for action, frame_id, _payload in answers] == [
        ("ack", frame_id) for frame_id in (1, *range(3, 3 + session_bars.MAX_WAITING))
    ]
    assert all(future.done() for future in taken)
    await communicator.disconnect()


async def test_the_pings_of_a_process_are_written_together_each_answered():
    booking = await sync_to_async(booked_class)(pupils=3)
    pupils = await sync_to_async(lambda: list(booking.school_class.pupils.order_by("pk")))()
    building = await sync_to_async(BuildingFactory)(edition=booking.school_class.edition)
    bars = []
    for pupil in pupils:
        bar = socket(f"/ws/classe/{booking.pk}/", await sync_to_async(seated_session)(pupil))
        await bar.connect()
        await receive(bar)
        bars.append(bar)
    hub = get_session_bars()
    await hub.writing
    for number, bar in enumerate(bars):
        where = building.slug if number else "nulle-part"
        await bar.send_to(json.dumps(["here", number, {"building": where}]))
    answers = [await receive(bar) for bar in bars]
    assert [(action, frame_id) for action, frame_id, _payload in answers] == [
        ("error", 0),
        ("ack", 1),
        ("ack", 2),
    ]
    assert answers[0][2]["code"] == "invalid"
    seats = await sync_to_async(
        lambda: sorted(SeatClaim.objects.values_list("pupil_id", "building_id", "last_seen_at"))
    )()
    assert [(pupil, where) for pupil, where, _seen in seats] == [
        (pupils[0].pk, None),
        (pupils[1].pk, building.pk),
        (pupils[2].pk, building.pk),
    ]
    assert seats[1][2] == seats[2][2]  # one write for both
    for bar in bars:
        await bar.disconnect()


async def test_a_session_bar_runs_no_task_of_its_own_and_its_process_one_timer():
    """The bars of a process share its timer, heartbeat and subscription: a bar is its ASGI
    app's task and nothing more, whatever the number of bars and classes."""
    early = await sync_to_async(booked_class)(started_ago=datetime.timedelta(minutes=10))
    late = await sync_to_async(booked_class)(started_ago=datetime.timedelta(minutes=5))
    first = await sync_to_async(lambda: early.school_class.pupils.first())()
    first_bar = socket(f"/ws/classe/{early.pk}/", await sync_to_async(seated_session)(first))
    await first_bar.connect()
    await receive(first_bar)
    await get_session_bars().writing  # the pupil's presence
    tasks = len(asyncio.all_tasks())
    bars = []
    for booking in (early, late):
        for pupil in await sync_to_async(lambda b=booking: list(b.school_class.pupils.all()))():
            if pupil == first:
                continue
            bar = socket(f"/ws/classe/{booking.pk}/", await sync_to_async(seated_session)(pupil))
            await bar.connect()
            assert (await receive(bar))[0] == "clock"
            bars.append(bar)
    await get_session_bars().writing  # the presence of the newcomers
    assert len(asyncio.all_tasks()) == tasks + len(bars) == tasks + 5
    hub = get_session_bars()
    assert len(hub) == 6
    # One timer for the process, at the earlier of the two classes' minute 60.
    assert hub.timer is not None
    assert hub.timer_at == (early.slot.starts_at + datetime.timedelta(minutes=60)).timestamp()
    assert sorted(hub.move_at.values()) == [
        (booking.slot.starts_at + datetime.timedelta(minutes=60)).timestamp()
        for booking in (early, late)
    ]
    for bar in [first_bar, *bars]:
        await bar.disconnect()
    assert len(hub) == 0
    assert hub.move_at == {}


async def test_a_heartbeat_marks_every_pupil_of_the_process_seen_at_once():
    booking = await sync_to_async(booked_class)(pupils=2)
    pupils = await sync_to_async(lambda: list(booking.school_class.pupils.all()))()
    bars = []
    for pupil in pupils:
        bar = socket(f"/ws/classe/{booking.pk}/", await sync_to_async(seated_session)(pupil))
        await bar.connect()
        await receive(bar)
        bars.append(bar)
    await get_session_bars().writing  # their arrival
    long_ago = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    await sync_to_async(SeatClaim.objects.update)(last_seen_at=long_ago)
    hub = get_session_bars()
    hub.beat.cancel()
    hub._heartbeat()
    await hub.writing
    seen = await sync_to_async(
        lambda: list(SeatClaim.objects.values_list("last_seen_at", flat=True))
    )()
    assert len(seen) == 2
    assert seen[0] == seen[1] > long_ago  # one write for both
    for bar in bars:
        await bar.disconnect()


async def test_a_crashed_session_bar_lets_go_of_its_seat_and_the_pupil_is_gone(monkeypatch):
    _booking, pupil, communicator = await pupil_socket(started_ago=datetime.timedelta(minutes=5))
    await receive(communicator)  # the clock
    assert len(get_session_bars()) == 1
    await get_session_bars().writing  # the pupil's presence
    claim = await sync_to_async(SeatClaim.objects.get)(pupil=pupil)
    assert claim.last_seen_at is not None

    async def crash(*args, **kwargs):
        raise RuntimeError("a bug past the dispatcher")

    monkeypatch.setattr(sockets, "answer", crash)
    await communicator.send_to(text_data='["ping", 1, {}]')
    with pytest.raises(RuntimeError):
        await communicator.receive_output(timeout=3)
    assert len(get_session_bars()) == 0
    assert sockets.seat_sockets("session bar", pupil.pk) == 0
    claim = await sync_to_async(SeatClaim.objects.get)(pupil=pupil)
    assert claim.last_seen_at is None  # the console no longer shows the pupil connected


async def test_a_seat_holds_three_session_bars_the_fourth_is_closed_4429():
    booking, pupil, first = await pupil_socket(started_ago=datetime.timedelta(minutes=5))
    key = await sync_to_async(lambda: SeatClaim.objects.get(pupil=pupil).session_key)()
    bars = [first]
    for _ in range(2):
        bar = socket(f"/ws/classe/{booking.pk}/", key)
        assert (await bar.connect())[0]
        assert (await receive(bar))[0] == "clock"
        bars.append(bar)
    extra = socket(f"/ws/classe/{booking.pk}/", key)
    assert (await extra.connect())[0]
    assert await extra.receive_output() == {"type": "websocket.close", "code": 4429}
    # One closed, one more may open; the seat stays seen while a bar is open.
    await bars.pop().disconnect()
    claim = await sync_to_async(SeatClaim.objects.get)(pupil=pupil)
    assert claim.last_seen_at is not None
    again = socket(f"/ws/classe/{booking.pk}/", key)
    assert (await again.connect())[0]
    assert (await receive(again))[0] == "clock"
    for bar in [*bars, again]:
        await bar.disconnect()
    assert len(get_session_bars()) == 0
    claim = await sync_to_async(SeatClaim.objects.get)(pupil=pupil)
    assert claim.last_seen_at is None


async def test_a_browser_session_holds_ten_sockets_the_next_is_closed_4429():
    booking = await sync_to_async(booked_class)()
    key = await sync_to_async(teacher_session)(booking)
    consoles = []
    for _ in range(sockets.MAX_SOCKETS_PER_SESSION):
        console = socket(f"/ws/classe/{booking.pk}/console/", key)
        assert (await console.connect())[0]
        assert (await receive(console))[0] == "presence"
        consoles.append(console)
    extra = socket(f"/ws/classe/{booking.pk}/console/", key)
    assert (await extra.connect())[0]
    assert await extra.receive_output() == {"type": "websocket.close", "code": 4429}
    for console in consoles:
        await console.disconnect()
    assert _running("refresh") == []


@pytest.mark.parametrize(
    ("origin", "host"),
    [
        (b"http://localhost:8000", b"localhost"),  # another port
        (b"https://localhost", b"localhost"),  # another scheme
        (b"http://127.0.0.1", b"localhost"),  # another (allowed) host
        (b"http://localhost", b"evil.example"),  # a host not allowed
    ],
)
async def test_a_handshake_from_another_origin_is_refused(origin, host):
    booking = await sync_to_async(booked_class)()
    communicator = WebsocketCommunicator(
        application, f"/ws/classe/{booking.pk}/", headers=[(b"origin", origin), (b"host", host)]
    )
    connected, _code = await communicator.connect()
    assert not connected  # a close before the handshake: the server answers 403


def test_a_session_bar_opens_on_one_query_its_seat_with_its_class_session(
    django_assert_num_queries,
):
    """Thousands of bars open at once at the design point: the seat's claim brings the booking
    and its slot along (the browser session itself comes from the cache)."""
    booking = booked_class(started_ago=datetime.timedelta(minutes=5), pupils=2)
    other = booked_class(started_ago=datetime.timedelta(minutes=5), pupils=1)
    pupil = booking.school_class.pupils.first()
    key = seated_session(pupil)
    with django_assert_num_queries(1):
        pupil_id, clock, move_at = consumers._arrival(key, booking.pk)
    assert pupil_id == pupil.pk
    assert json.loads(clock)[0] == "clock"
    assert move_at == (booking.slot.starts_at + datetime.timedelta(minutes=60)).timestamp()
    with django_assert_num_queries(1):
        assert consumers._arrival(key, other.pk) is None
