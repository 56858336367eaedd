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
Behaviour is uvicorn's: keepalive pings, the close handshake, backpressure.
"""

import asyncio

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


class WebSocketProtocol(WebSocketsSansIOProtocol):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.queue = Inbox()
        self.writable = Writable()

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
