"""The room hub's sockets: a client that reads slowly keeps its frames in order, then is let go."""

import asyncio

from usine.live.rooms import hub


class SlowClient:
    """An ASGI send whose writes wait while the client is not reading (flow control)."""

    def __init__(self):
        self.reading = asyncio.Event()
        self.reading.set()
        self.frames = []

    async def send(self, message):
        await self.reading.wait()
        self.frames.append(message.get("text", message["type"]))


def frame(n):
    return hub.send_message(f"frame {n}")


async def test_a_write_that_does_not_wait_runs_at_once():
    client = SlowClient()
    assert hub.start_send(client.send, frame(1)) is None
    assert client.frames == ["frame 1"]


async def test_frames_behind_a_waiting_write_keep_their_order():
    client = SlowClient()
    socket = hub.Socket(room=None, send=client.send, moderator=False)
    socket.buffer = None
    client.reading.clear()
    for n in range(3):
        socket.push(frame(n))
    assert client.frames == []
    assert len(socket.backlog) == 2
    client.reading.set()
    await asyncio.sleep(0.01)
    assert client.frames == ["frame 0", "frame 1", "frame 2"]
    assert socket.backlog is None
    socket.push(frame(3))  # written at once again
    assert client.frames[-1] == "frame 3"


async def test_a_client_that_stops_reading_is_closed_past_the_backlog_limit():
    class Room:
        room_id = 1

    client = SlowClient()
    socket = hub.Socket(room=Room(), send=client.send, moderator=False)
    socket.buffer = None
    client.reading.clear()
    for n in range(hub.MAX_BACKLOG + 2):
        socket.push(frame(n))
    assert socket.closed
    client.reading.set()
    await asyncio.sleep(0.01)
    # The first write completes, then the close: the backlog was dropped.
    assert client.frames == ["frame 0", "websocket.close"]


async def test_frames_before_the_sync_wait_in_the_buffer():
    client = SlowClient()
    socket = hub.Socket(room=None, send=client.send, moderator=False)
    socket.deliver(frame(1))
    socket.push(frame(0))  # the replay and the ack go first
    assert client.frames == ["frame 0"]
    socket.go_live()
    assert client.frames == ["frame 0", "frame 1"]
