"""How a process hears what the others publish: one subscription per process and topic, whatever
the number of sockets it serves. The live room hub (a topic per room) and the session bars (one
topic for every class session) reach their local sockets through it.

- `RedisTransport` (when REDIS_URL is set): a Redis pub/sub channel per topic; a process
  subscribes on one connection and reads it in one task, and sends what it publishes meanwhile
  in one pipeline on one connection, however many sockets publish at once.
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
# Redis connections of a process's pool, and how long a caller waits for one of them. Thousands
# of sockets of one process may publish in the same instant (a question approved in fifty rooms,
# a class reconnecting): with one connection per publication in flight, redis-py's default pool
# (100, then "Too many connections") left a burst unbroadcast, and any fixed pool ran dry as soon
# as the event loop fell seconds behind (each connection held until its reply was read). So a
# process's publications go out together: one pipeline a turn, on one connection.
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
        # Publications waiting for the next pipeline: (channel, message, sent).
        self.outbox: list[tuple[str, str, asyncio.Future]] = []
        self.sender: asyncio.Task | None = None

    async def subscribe(self, topic: str) -> None:
        await self.pubsub.subscribe(pubsub_channel(topic))
        if self.reader is None or self.reader.done():
            self.reader = asyncio.ensure_future(self._read())

    async def unsubscribe(self, topic: str) -> None:
        await self.pubsub.unsubscribe(pubsub_channel(topic))

    async def publish(self, topic: str, data) -> None:
        """Sent with whatever else this process publishes meanwhile, in order; raises what
        sending raised (Redis out of reach)."""
        sent = asyncio.get_running_loop().create_future()
        self.outbox.append((pubsub_channel(topic), json.dumps(data, ensure_ascii=False), sent))
        if self.sender is None or self.sender.done():
            self.sender = asyncio.ensure_future(self._send())
        await sent

    async def _send(self) -> None:
        batch: list[tuple[str, str, asyncio.Future]] = []
        try:
            while self.outbox:
                batch, self.outbox = self.outbox, []
                try:
                    async with self.redis.pipeline(transaction=False) as pipe:
                        for channel, message, _sent in batch:
                            pipe.publish(channel, message)
                        await pipe.execute()
                except Exception as error:
                    failed: Exception | None = error
                else:
                    failed = None
                for _channel, _message, sent in batch:
                    if sent.done():  # its caller gave up (cancelled)
                        continue
                    if failed is None:
                        sent.set_result(None)
                    else:
                        sent.set_exception(failed)
                batch = []
        finally:  # cancelled (the process stops): nobody waits forever
            for _channel, _message, sent in [*batch, *self.outbox]:
                if not sent.done():
                    sent.set_exception(ConnectionError("transport closed"))

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
        for task in (self.reader, self.sender):
            if task is not None:
                task.cancel()
        with contextlib.suppress(Exception):
            await self.pubsub.aclose()
            await self.redis.aclose()
