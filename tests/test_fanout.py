"""Writes to a process's sockets (usine/fanout.py): at once while the client reads, in order
behind a write that waits, the socket let go past the backlog limit."""

import asyncio

from usine import fanout


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
    return fanout.send_message(f"frame {n}")


async def test_a_write_that_does_not_wait_runs_at_once():
    client = SlowClient()
    assert fanout.start_send(client.send, frame(1)) is None
    assert client.frames == ["frame 1"]


async def test_frames_behind_a_waiting_write_keep_their_order():
    client = SlowClient()
    outlet = fanout.Outlet(client.send)
    client.reading.clear()
    for n in range(3):
        outlet.push(frame(n))
    assert client.frames == []
    assert len(outlet.backlog) == 2
    client.reading.set()
    await asyncio.sleep(0.01)
    assert client.frames == ["frame 0", "frame 1", "frame 2"]
    assert outlet.backlog is None
    outlet.push(frame(3))  # written at once again
    assert client.frames[-1] == "frame 3"


async def test_a_close_comes_after_the_frames_before_it_and_nothing_after():
    client = SlowClient()
    outlet = fanout.Outlet(client.send)
    client.reading.clear()
    outlet.push(frame(0))
    outlet.push(frame(1))
    outlet.close(4409)
    outlet.push(frame(2))
    client.reading.set()
    await asyncio.sleep(0.01)
    assert client.frames == ["frame 0", "frame 1", "websocket.close"]


async def test_a_client_that_stops_reading_is_closed_past_the_backlog_limit():
    client = SlowClient()
    outlet = fanout.Outlet(client.send)
    client.reading.clear()
    for n in range(fanout.MAX_BACKLOG + 2):
        outlet.push(frame(n))
    assert outlet.closed
    client.reading.set()
    await asyncio.sleep(0.01)
    # The first write completes, then the close: the backlog was dropped.
    assert client.frames == ["frame 0", "websocket.close"]
