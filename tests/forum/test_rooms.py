"""A talk's sockets in one process: a client that reads slowly keeps only the latest snapshot
waiting, every caption in order."""

import asyncio

from usine.forum.rooms import SNAPSHOT, Viewer


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
