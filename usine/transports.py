"""How a process hears what the others publish: one subscription per process and topic, whatever
the number of sockets it serves. The live room hub (a topic per room) and the session bars (one
topic for every class session) reach their local sockets through it.

- `RedisTransport` (when REDIS_URL is set): a Redis pub/sub channel per topic; a process
  subscribes on one connection and reads it in one task; its publications take turns on a few
  connections (`REDIS_CONNECTIONS`) however many sockets publish at once.
- `LayerTransport` (the embedded default): the channel layer, with a group per topic holding ONE
  channel per process: one layer message per process and publication, not one per socket.

A transport calls `deliver(topic, data)` for each publication (`data`: lists, strings and
numbers), and `resume()` after its connection came back (what was published meanwhile is lost:
the caller reads it again from the database if it matters). Both may lose a message (pub/sub
is at-most-once; the in-memory layer drops on a full channel).
"""

import asyncio
import contextlib
import functools
import json
import logging
import os
from collections.abc import Callable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings

logger = logging.getLogger(__name__)

MESSAGE_TYPE = "usine.publication"
# Redis connections of a process's transport (its subscription among them), and how long a
# publication waits for one of them. Thousands of sockets of one process may publish in the same
# instant (a question approved in fifty rooms, a class reconnecting): past redis-py's default
# pool (100 connections, then "Too many connections") a burst would go unbroadcast; here it
# queues for a few connections, each used for a fraction of a millisecond.
REDIS_CONNECTIONS = 20
REDIS_WAIT_S = 10.0

Deliver = Callable[[str, object], None]


def pubsub_channel(topic: str) -> str:
    """Redis pub/sub channel of a topic."""
    return f"usine.{topic}"


def process_group(topic: str) -> str:
    """Channel-layer group of the processes subscribed to a topic."""
    return f"{topic}.processes"


def _redis_url() -> str | None:
    """Redis's address when the transports go through it, else None (the channel layer)."""
    name = getattr(settings, "LIVE_TRANSPORT", None) or os.environ.get("USINE_LIVE_TRANSPORT")
    redis_url = getattr(settings, "REDIS_URL", "")
    if name == "redis" or (name is None and redis_url):
        return redis_url
    return None


def transport_factory() -> Callable[..., "LayerTransport | RedisTransport"]:
    """`factory(deliver, resume=…)`: this deployment's transport."""
    url = _redis_url()
    if url is not None:
        return functools.partial(RedisTransport, url=url)
    return LayerTransport


def publish_from_sync(topic: str, data) -> None:
    """Publish from synchronous code (a service, a view): to every process subscribed."""
    url = _redis_url()
    if url is not None:
        _sync_redis(url).publish(pubsub_channel(topic), json.dumps(data, ensure_ascii=False))
        return
    layer = get_channel_layer()
    if layer is not None:
        async_to_sync(layer.group_send)(
            process_group(topic), {"type": MESSAGE_TYPE, "topic": topic, "data": data}
        )


@functools.cache
def _sync_redis(url: str):
    import redis

    # A pool shared by the threads of this process; a burst waits for a connection.
    pool = redis.BlockingConnectionPool.from_url(
        url, max_connections=REDIS_CONNECTIONS, timeout=REDIS_WAIT_S
    )
    return redis.Redis(connection_pool=pool)


class LayerTransport:
    def __init__(self, deliver: Deliver, *, resume: Callable[[], None] = lambda: None):
        self.deliver = deliver
        self.layer = get_channel_layer()
        self.channel: str | None = None
        self.reader: asyncio.Task | None = None

    async def _channel(self) -> str:
        if self.channel is None:
            self.channel = await self.layer.new_channel()
            self.reader = asyncio.ensure_future(self._read())
        return self.channel

    async def subscribe(self, topic: str) -> None:
        await self.layer.group_add(process_group(topic), await self._channel())

    async def unsubscribe(self, topic: str) -> None:
        if self.channel is not None:
            await self.layer.group_discard(process_group(topic), self.channel)

    async def publish(self, topic: str, data) -> None:
        await self.layer.group_send(
            process_group(topic), {"type": MESSAGE_TYPE, "topic": topic, "data": data}
        )

    async def _read(self) -> None:
        while True:
            try:
                message = await self.layer.receive(self.channel)
                self.deliver(message["topic"], message["data"])
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("transport: channel layer read failed")
                await asyncio.sleep(1)

    async def close(self) -> None:
        if self.reader is not None:
            self.reader.cancel()


class RedisTransport:
    def __init__(self, deliver: Deliver, *, url: str, resume: Callable[[], None] = lambda: None):
        import redis.asyncio as redis

        self.deliver = deliver
        self.resume = resume
        pool = redis.BlockingConnectionPool.from_url(
            url, decode_responses=True, max_connections=REDIS_CONNECTIONS, timeout=REDIS_WAIT_S
        )
        self.redis = redis.Redis.from_pool(pool)  # closes the pool with the client
        self.pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
        self.reader: asyncio.Task | None = None

    async def subscribe(self, topic: str) -> None:
        await self.pubsub.subscribe(pubsub_channel(topic))
        if self.reader is None or self.reader.done():
            self.reader = asyncio.ensure_future(self._read())

    async def unsubscribe(self, topic: str) -> None:
        await self.pubsub.unsubscribe(pubsub_channel(topic))

    async def publish(self, topic: str, data) -> None:
        await self.redis.publish(pubsub_channel(topic), json.dumps(data, ensure_ascii=False))

    async def _read(self) -> None:
        while True:
            try:
                message = await self.pubsub.get_message(timeout=1.0)
            except asyncio.CancelledError:
                raise
            except Exception:
                # redis-py subscribes again on reconnection; what was published meanwhile is
                # the caller's to read again (`resume`).
                logger.exception("transport: Redis pub/sub read failed")
                await asyncio.sleep(1)
                self.resume()
                continue
            if message is None or message.get("type") != "message":
                continue
            topic = message["channel"].removeprefix("usine.")
            try:
                self.deliver(topic, json.loads(message["data"]))
            except Exception:  # one bad publication must not stop the reader
                logger.exception("transport: cannot deliver a publication on %s", topic)

    async def close(self) -> None:
        if self.reader is not None:
            self.reader.cancel()
        with contextlib.suppress(Exception):
            await self.pubsub.aclose()
            await self.redis.aclose()
