"""How a room's events reach the other processes: one subscription per process and room.

- `RedisTransport` (when REDIS_URL is set): a Redis pub/sub channel per room; a process
  subscribes to the rooms it has sockets in, on one connection, and reads it in one task.
- `LayerTransport` (the embedded default): the channel layer, with a group per room holding ONE
  channel per process — one layer message per process and event, not one per socket.

Both may lose a message (pub/sub is at-most-once; the in-memory layer drops on a full channel):
the hub's sequence numbers reveal the gap and it reads the event from the database.
"""

import asyncio
import contextlib
import json
import logging
import os

from channels.layers import get_channel_layer
from django.conf import settings

logger = logging.getLogger(__name__)


def room_pubsub_channel(room_id: int) -> str:
    """Redis pub/sub channel of a room."""
    return f"usine.live.room.{room_id}"


def room_process_group(room_id: int) -> str:
    """Channel-layer group of the processes serving a room."""
    return f"live.room.{room_id}.processes"


def transport_factory():
    name = getattr(settings, "LIVE_TRANSPORT", None) or os.environ.get("USINE_LIVE_TRANSPORT")
    redis_url = getattr(settings, "REDIS_URL", "")
    if name == "redis" or (name is None and redis_url):
        return lambda hub: RedisTransport(hub, redis_url)
    return LayerTransport


class LayerTransport:
    def __init__(self, hub):
        self.hub = hub
        self.layer = get_channel_layer()
        self.channel: str | None = None
        self.reader: asyncio.Task | None = None

    async def _channel(self) -> str:
        if self.channel is None:
            self.channel = await self.layer.new_channel()
            self.reader = asyncio.ensure_future(self._read())
        return self.channel

    async def subscribe(self, room_id: int) -> None:
        await self.layer.group_add(room_process_group(room_id), await self._channel())

    async def unsubscribe(self, room_id: int) -> None:
        if self.channel is not None:
            await self.layer.group_discard(room_process_group(room_id), self.channel)

    async def publish(self, event) -> None:
        await self.layer.group_send(
            room_process_group(event.room_id),
            {
                "type": "live.event",
                "room": event.room_id,
                "seq": event.seq,
                "audience": event.audience,
                "frame": event.frame,
            },
        )

    async def _read(self) -> None:
        while True:
            try:
                message = await self.layer.receive(self.channel)
                self.hub.deliver(
                    message["room"], message["seq"], message["audience"], message["frame"]
                )
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("live hub: channel layer read failed")
                await asyncio.sleep(1)

    async def close(self) -> None:
        if self.reader is not None:
            self.reader.cancel()


class RedisTransport:
    def __init__(self, hub, url: str):
        import redis.asyncio as redis

        self.hub = hub
        self.redis = redis.from_url(url, decode_responses=True)
        self.pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
        self.reader: asyncio.Task | None = None

    async def subscribe(self, room_id: int) -> None:
        await self.pubsub.subscribe(room_pubsub_channel(room_id))
        if self.reader is None or self.reader.done():
            self.reader = asyncio.ensure_future(self._read())

    async def unsubscribe(self, room_id: int) -> None:
        await self.pubsub.unsubscribe(room_pubsub_channel(room_id))

    async def publish(self, event) -> None:
        data = json.dumps([event.seq, event.audience, event.frame], ensure_ascii=False)
        await self.redis.publish(room_pubsub_channel(event.room_id), data)

    async def _read(self) -> None:
        while True:
            try:
                message = await self.pubsub.get_message(timeout=1.0)
            except asyncio.CancelledError:
                raise
            except Exception:
                # redis-py re-subscribes on reconnection; what was published meanwhile is
                # fetched from the database by each room's gap fill.
                logger.exception("live hub: Redis pub/sub read failed")
                await asyncio.sleep(1)
                self.hub.catch_up()
                continue
            if message is None or message.get("type") != "message":
                continue
            room_id = int(message["channel"].rsplit(".", 1)[1])
            seq, audience, frame = json.loads(message["data"])
            self.hub.deliver(room_id, seq, audience, frame)

    async def close(self) -> None:
        if self.reader is not None:
            self.reader.cancel()
        with contextlib.suppress(Exception):
            await self.pubsub.aclose()
            await self.redis.aclose()
