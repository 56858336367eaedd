"""The web workers' WebSocket protocol: uvicorn's (websockets' sans-I/O one), holding less for
each open socket. The workers run with `--ws usine.ws_protocol:WebSocketProtocol`.

A host holds 10,000 idle sockets (bench/idle_sockets.py); measured with tracemalloc in a worker,
uvicorn's protocol kept for each of them, besides what a socket needs:
- the handshake: the request and response objects, and the request's headers (≈ 3.7 KB: a dict
  of lists and a list, held by websockets' parser for the socket's whole life even once uvicorn
  lets go of the request), and the scope's copy of them (≈ 1.7 KB). They are read to accept or
  refuse the handshake only: once the application accepted, they are let go. **The fair's
  applications read the handshake's headers (origin, cookies, session) before accepting.**
- an asyncio.Queue for the messages to the application and an asyncio.Event saying whether the
  transport takes writes: five deques of 760 bytes each (≈ 3.8 KB). Here a queue and a flag
  that keep a list only while something is in them or waits on them (`Inbox`, `Writable`).
- a timer handle for its next keepalive ping, and another for the pong's deadline (cancelled
  when the pong comes, but left in the loop's heap until due): ≈ 1 KB. Here one timer a process
  (`Keepalive`) wakes every TICK seconds and pings the sockets due; a socket is an entry in its
  buckets. A ping or a deadline may come up to TICK later than uvicorn's own.
Behaviour is uvicorn's otherwise: keepalive pings, the close handshake, backpressure.
"""

import asyncio
import math
import random
import struct
import weakref

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol


class Inbox:
    """The messages from the client to the application, in order: asyncio.Queue's
    `put_nowait`, `get` and `empty`, with nothing allocated while it is empty and unread."""

    __slots__ = ("_getters", "_items")

    def __init__(self):
        self._items: list | None = None
        self._getters: list[asyncio.Future] | None = None

    def empty(self) -> bool:
        return not self._items

    def put_nowait(self, item) -> None:
        if self._items is None:
            self._items = [item]
        else:
            self._items.append(item)
        self._wake_one()

    async def get(self):
        while not self._items:
            getter = asyncio.get_running_loop().create_future()
            if self._getters is None:
                self._getters = [getter]
            else:
                self._getters.append(getter)
            try:
                await getter
            except BaseException:
                getter.cancel()
                self._forget(getter)
                if self._items and not getter.cancelled():
                    self._wake_one()  # it was woken, then cancelled: the next getter reads
                raise
        item = self._items.pop(0)
        if not self._items:
            self._items = None
        return item

    def _wake_one(self) -> None:
        while self._getters:
            getter = self._getters.pop(0)
            if not getter.done():
                getter.set_result(None)
                break
        if not self._getters:
            self._getters = None

    def _forget(self, getter) -> None:
        if self._getters is not None and getter in self._getters:
            self._getters.remove(getter)
            if not self._getters:
                self._getters = None


class Writable:
    """Whether the transport takes writes (asyncio.Event's `is_set`, `set`, `clear`, `wait`),
    with nothing allocated while nobody waits."""

    __slots__ = ("_set", "_waiters")

    def __init__(self):
        self._set = True
        self._waiters: list[asyncio.Future] | None = None

    def is_set(self) -> bool:
        return self._set

    def set(self) -> None:
        self._set = True
        waiters, self._waiters = self._waiters, None
        for waiter in waiters or ():
            if not waiter.done():
                waiter.set_result(True)

    def clear(self) -> None:
        self._set = False

    async def wait(self) -> bool:
        if self._set:
            return True
        waiter = asyncio.get_running_loop().create_future()
        if self._waiters is None:
            self._waiters = [waiter]
        else:
            self._waiters.append(waiter)
        try:
            return await waiter
        finally:
            if self._waiters is not None and waiter in self._waiters:
                self._waiters.remove(waiter)
                if not self._waiters:
                    self._waiters = None


TICK = 1.0  # seconds between the keepalive timer's rounds


class Keepalive:
    """The keepalive pings and pong deadlines of the sockets of one event loop, by the TICK they
    are due in, and the one timer that serves them."""

    def __init__(self, loop: asyncio.AbstractEventLoop):
        self.loop = loop
        self.buckets: dict[int, dict] = {}  # tick -> {protocol: None}, in the order they came
        self.timer: asyncio.TimerHandle | None = None
        self.timer_tick = 0  # the tick the timer is set for

    def add(self, protocol: "WebSocketProtocol", delay: float) -> int:
        """Call `protocol.keepalive_due()` in `delay` seconds (up to TICK more); the tick to
        `remove` it with."""
        tick = math.ceil((self.loop.time() + delay) / TICK)
        self.buckets.setdefault(tick, {})[protocol] = None
        if self.timer is None or tick < self.timer_tick:
            self._arm(tick)
        return tick

    def _arm(self, tick: int) -> None:
        if self.timer is not None:
            self.timer.cancel()
        self.timer_tick = tick
        self.timer = self.loop.call_at(tick * TICK, self._round)

    def remove(self, protocol: "WebSocketProtocol", tick: int) -> None:
        bucket = self.buckets.get(tick)
        if bucket is not None:
            bucket.pop(protocol, None)
            if not bucket:
                del self.buckets[tick]

    def _round(self) -> None:
        # The loop may run a timer a hair before its time: the tick it was set for is due.
        due = max(self.timer_tick, math.floor(self.loop.time() / TICK))
        self.timer = None
        for tick in sorted(tick for tick in self.buckets if tick <= due):
            for protocol in self.buckets.pop(tick):
                protocol.keepalive_due(tick)
        if self.buckets:
            self._arm(min(self.buckets))


_keepalives: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Keepalive]" = (
    weakref.WeakKeyDictionary()
)


def keepalive_of(loop: asyncio.AbstractEventLoop) -> Keepalive:
    keepalive = _keepalives.get(loop)
    if keepalive is None:
        keepalive = _keepalives[loop] = Keepalive(loop)
    return keepalive


class WebSocketProtocol(WebSocketsSansIOProtocol):
    """uvicorn's, with `ping_timer` and `pong_timer` the Keepalive tick the socket's next ping
    or its pong's deadline is due in (None when not scheduled)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.queue = Inbox()
        self.writable = Writable()
        self.keepalive = keepalive_of(self.loop)

    # --- Keepalive, on the process's one timer (uvicorn's logic otherwise) ----------------------

    def schedule_ping(self) -> None:
        if self.ping_timer is not None:
            self.keepalive.remove(self, self.ping_timer)
        delay = max(0.0, self.ping_interval - self.last_ping_rtt)
        self.ping_timer = self.keepalive.add(self, delay)

    def stop_keepalive(self) -> None:
        for tick in (self.ping_timer, self.pong_timer):
            if tick is not None:
                self.keepalive.remove(self, tick)
        self.ping_timer = self.pong_timer = None
        self.pending_ping_payload = None

    def keepalive_due(self, tick: int) -> None:
        if self.pong_timer == tick:
            self.keepalive_timeout()  # uvicorn's: the socket is failed with 1011
        elif self.ping_timer == tick:
            self.send_keepalive_ping()

    def send_keepalive_ping(self) -> None:
        self.ping_timer = None
        if self.close_sent or self.transport.is_closing():
            return
        # A random payload: handle_pong ignores stale or unsolicited pongs.
        self.pending_ping_payload = struct.pack("!I", random.getrandbits(32))
        self.ping_sent_at = self.loop.time()
        self.conn.send_ping(self.pending_ping_payload)
        self.transport.write(b"".join(self.conn.data_to_send()))
        if self.ping_timeout is not None:
            self.pong_timer = self.keepalive.add(self, self.ping_timeout)
        else:
            self.schedule_ping()

    def handle_pong(self, event) -> None:
        if self.pending_ping_payload is None or bytes(event.data) != self.pending_ping_payload:
            return
        self.last_ping_rtt = self.loop.time() - self.ping_sent_at
        self.pending_ping_payload = None
        if self.pong_timer is not None:
            self.keepalive.remove(self, self.pong_timer)
            self.pong_timer = None
            self.schedule_ping()

    # --- The handshake, let go once the socket is open ------------------------------------------

    def handle_connect(self, event) -> None:
        super().handle_connect(event)
        self.request = None  # read by nothing past the handshake
        # websockets' parser keeps the request object while the socket is open (a local of
        # its generator); its headers, copied into the scope, are all it holds of weight.
        event.headers.clear()

    async def send(self, message) -> None:
        await super().send(message)
        if message["type"] == "websocket.accept":
            # Written: the response is read to accept (or refuse) the handshake only.
            self.response = None
            # Emptied in place: the application's copies of the scope share this list.
            self.scope["headers"].clear()
