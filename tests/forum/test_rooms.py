"""A talk's sockets in one process: a client that reads slowly keeps only the latest snapshot
waiting, every caption in order; under uvicorn, snapshots are written straight to the sockets and
one whose client is not reading is skipped, counted and resynced."""

import asyncio
import json
import socket

import uvicorn
import websockets
from websockets.client import ClientProtocol
from websockets.frames import Frame
from websockets.protocol import State
from websockets.uri import parse_uri

from tests.servers import free_port
from usine.forum.rooms import SNAPSHOT, TalkRoom, TalkRooms, Viewer
from usine.forum.snapshots import following


class SlowClient:
    """An ASGI send that blocks until the test lets it go."""

    def __init__(self):
        self.sent = []
        self.gate = asyncio.Event()

    async def __call__(self, message):
        await self.gate.wait()
        self.sent.append(message.get("text") or message["type"])


class Room:
    talk_id = 1


async def test_a_slow_client_gets_the_latest_snapshot_and_every_caption():
    client = SlowClient()
    viewer = Viewer(Room(), client, organizer=False)

    viewer.offer({"text": "snapshot 1"}, kind=SNAPSHOT)
    assert viewer.busy
    for number in (2, 3, 4):
        viewer.offer({"text": f"snapshot {number}"}, kind=SNAPSHOT)
    viewer.offer({"text": "caption a"})
    viewer.offer({"text": "caption b"})
    client.gate.set()
    await asyncio.sleep(0.05)

    assert client.sent == ["snapshot 1", "caption a", "caption b", "snapshot 4"]
    assert not viewer.busy


async def test_a_client_that_never_reads_is_closed_past_the_waiting_limit(monkeypatch):
    client = SlowClient()
    viewer = Viewer(Room(), client, organizer=False)
    viewer.offer({"text": "first"})
    monkeypatch.setattr("usine.forum.rooms.MAX_WAITING", 3)
    for number in range(4):
        viewer.offer({"text": f"caption {number}"})

    assert viewer.closed
    client.gate.set()
    await asyncio.sleep(0.05)
    assert client.sent == ["first", "websocket.close"]


# --- Snapshots written straight to the sockets of a real uvicorn server -------------------------


class Served:
    """uvicorn (its default WebSocket protocol) in the test's event loop; each socket that
    opens joins `room` as a viewer."""

    def __init__(self, room):
        self.room = room
        self.joined: asyncio.Queue = asyncio.Queue()
        self.port = free_port()
        config = uvicorn.Config(
            self.app,
            host="127.0.0.1",
            port=self.port,
            interface="asgi3",
            ws="websockets-sansio",
            ws_per_message_deflate=False,
            lifespan="off",
            log_level="warning",
        )
        self.server = uvicorn.Server(config)

    async def app(self, scope, receive, send):
        await receive()  # websocket.connect
        await send({"type": "websocket.accept"})
        viewer = Viewer(self.room, send, organizer=False)
        self.room.viewers.add(viewer)
        self.joined.put_nowait(viewer)
        while (await receive())["type"] != "websocket.disconnect":
            pass
        self.room.rooms.leave(viewer)

    async def __aenter__(self):
        self.task = asyncio.ensure_future(self.server.serve())
        while not self.server.started:
            await asyncio.sleep(0.01)
        return self

    async def __aexit__(self, *exc):
        self.server.should_exit = True
        await self.task


class Unread:
    """A client that reads nothing until told: small socket buffers, so that the server's
    bytes for it pile up in its transport."""

    async def open(self, port):
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect(("127.0.0.1", port))
        sock.setblocking(False)
        self.reader, self.writer = await asyncio.open_connection(sock=sock, limit=4096)
        self.client = ClientProtocol(parse_uri(f"ws://127.0.0.1:{port}/"), max_size=None)
        self.client.send_request(self.client.connect())
        self.writer.write(b"".join(self.client.data_to_send()))
        self.frames: list = []
        while self.client.state is not State.OPEN:
            await self.read_some()

    async def read_some(self):
        self.client.receive_data(await self.reader.read(65536))
        events = self.client.events_received()
        self.frames += [json.loads(event.data) for event in events if isinstance(event, Frame)]

    async def read(self, count):
        async with asyncio.timeout(10):
            while len(self.frames) < count:
                await self.read_some()
        return self.frames


async def ready(viewer):
    """Once the socket's transport has written out what it held."""
    async with asyncio.timeout(10):
        while not viewer.wire.ready:
            await asyncio.sleep(0.01)


def question(pk, text="?", upvotes=0):
    return {"id": pk, "text": text, "author": "Lina", "class": "", "upvotes": upvotes}


async def test_a_socket_not_reading_is_skipped_counted_and_resynced_with_the_whole_snapshot():
    room = TalkRoom(TalkRooms(), 1)
    async with Served(room) as served:
        fast = await websockets.connect(
            f"ws://127.0.0.1:{served.port}/", compression=None, max_size=None
        )
        reading = await served.joined.get()
        slow = Unread()
        await slow.open(served.port)
        lagging = await served.joined.get()
        assert reading.wire is not None
        assert lagging.wire is not None
        lagging.wire.transport.get_extra_info("socket").setsockopt(
            socket.SOL_SOCKET, socket.SO_SNDBUF, 4096
        )

        # A megabyte the slow client does not read: it stays in its transport.
        big = {"questions": [question(1, "x" * 1_000_000)], "recent": [1], "approved": 1}
        first = following(None, talk_id=1, payload=big)
        room.publish(first)
        assert json.loads(await fast.recv()) == ["questions", 1, {"talk": 1, **big}]
        await ready(reading)
        assert not lagging.wire.ready
        second = following(first, talk_id=1, payload={**big, "approved": 2})
        room.publish(second)
        third = following(second, talk_id=1, payload={**big, "approved": 3})
        room.publish(third)

        assert room.behind == {lagging}
        assert (reading.held, lagging.held) == (3, 1)
        assert (room.stages.skipped, room.stages.resynced) == (2, 0)
        assert [json.loads(await fast.recv()) for _ in range(2)] == [
            ["questions", 2, {"talk": 1, "base": 1, "changed": [], "removed": [], "approved": 2}],
            ["questions", 3, {"talk": 1, "base": 2, "changed": [], "removed": [], "approved": 3}],
        ]

        # Still not reading: a resync writes nothing.
        room.resync()
        assert (room.behind, room.stages.resynced) == ({lagging}, 0)

        # It reads again: the next turn writes it the latest snapshot whole, once.
        await slow.read(1)
        await ready(lagging)
        room.resync()
        room.resync()
        assert (room.behind, lagging.held, room.stages.resynced) == (set(), 3, 1)
        frames = await slow.read(2)
        assert [frame[:2] for frame in frames] == [["questions", 1], ["questions", 3]]
        assert frames[1][2] == {"talk": 1, **big, "approved": 3}

        await fast.close()
        slow.writer.close()
