"""Writing pre-encoded frames to the sockets a process holds, without a task per socket: what the
live room hub (`usine.live.rooms.hub`) and the session bars (`usine.schools.session_bars`) share.

The ASGI server's `send` writes to the socket's transport without suspending unless the client
reads too slowly (flow control). So a frame is written eagerly (`start_send`); only a write that
had to wait gets a task, and the frames behind it queue in order (`Outlet`). A client that stops
reading is closed once MAX_BACKLOG frames wait for it: its page reconnects.

Where one frame goes to thousands of sockets at once (a Forum talk's snapshot), even that costs
the ASGI path's per-socket work (a coroutine, encoding the text, framing it): ≈ 0.3 ms a socket
on a loaded machine, 0.6 s for 2,000 sockets during which the process answers nothing. There the
frame is encoded once (`encode_text`) and its bytes written straight to each socket's transport
(`Wire`), as `websockets.broadcast` does.
"""

import asyncio
import contextlib
import logging
from collections import deque

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from websockets.frames import Frame, Opcode
from websockets.protocol import State

logger = logging.getLogger(__name__)

# Bytes waiting in a socket's transport past which `Wire.ready` says no: the client is not
# reading (uvicorn's own sends pause at the transport's high-water mark, 64 KiB).
MAX_BUFFERED = 64 * 1024

# A socket whose client reads too slowly is closed past this many frames waiting.
MAX_BACKLOG = 500
CLOSE_TOO_SLOW = 4008

_background: set[asyncio.Future] = set()


def send_message(frame: str) -> dict:
    return {"type": "websocket.send", "text": frame}


def close_message(code: int) -> dict:
    return {"type": "websocket.close", "code": code}


def spawn(awaitable) -> asyncio.Future:
    """Run in the background, holding a reference until done (the loop keeps only weak ones)."""
    task = asyncio.ensure_future(awaitable)
    _background.add(task)
    task.add_done_callback(_background.discard)
    return task


def start_send(send, message):
    """Run `send(message)` now; an awaitable finishing it if it had to wait, else None.

    Running it eagerly spares a task per socket and message (50,000 a second at 1,000 sockets x
    50 messages/s in a live room); only a blocked send gets one.
    """
    coro = send(message)
    try:
        waiting_for = coro.send(None)
    except StopIteration:
        return None
    return finish(coro, waiting_for)


async def finish(coro, waiting_for):
    """Go on with a coroutine that suspended on `waiting_for`, as a Task would."""
    while True:
        if waiting_for is None:  # a bare yield (asyncio.sleep(0))
            await asyncio.sleep(0)
        else:
            # The coroutine reads the future's outcome (or exception) itself when resumed.
            with contextlib.suppress(BaseException):
                await waiting_for
        try:
            waiting_for = coro.send(None)
        except StopIteration:
            return


class Outlet:
    """One socket's writes, in order: at once while the client reads, queued behind a write
    that waits for it, the socket closed (CLOSE_TOO_SLOW) past MAX_BACKLOG frames waiting.
    `closed` turns true once the client is gone or let go."""

    __slots__ = ("backlog", "closed", "send")

    def __init__(self, send):
        self.send = send
        # Frames queued behind a send that is waiting for the client (None: nothing waits).
        self.backlog: deque | None = None
        self.closed = False

    def push(self, message: dict) -> None:
        """Write a frame now, in order after any frame still waiting for this client."""
        if self.closed:
            return
        if self.backlog is not None:
            if len(self.backlog) >= MAX_BACKLOG:
                self._overflow()
            else:
                self.backlog.append(message)
            return
        try:
            pending = start_send(self.send, message)
        except Exception:  # the client is gone
            self.closed = True
            return
        if pending is not None:
            self.wait_for(pending)

    def close(self, code: int) -> None:
        """The close frame, after the frames before it; nothing is written after it."""
        self.push(close_message(code))
        self.closed = True

    def wait_for(self, pending) -> None:
        """A write is waiting for the client: the next frames queue behind it."""
        self.backlog = deque()
        spawn(self._drain(pending))

    async def _drain(self, pending) -> None:
        try:
            await pending
            while self.backlog:
                await self.send(self.backlog.popleft())
        except Exception:
            self.closed = True
        finally:
            self.backlog = None

    def _overflow(self) -> None:
        logger.info("%s: closing a socket that reads too slowly", self.describe())
        self.closed = True
        self.backlog = None
        with contextlib.suppress(Exception):
            pending = start_send(self.send, close_message(CLOSE_TOO_SLOW))
            if pending is not None:
                spawn(pending)

    def describe(self) -> str:
        """What the socket is, in the log."""
        return "socket"


def encode_text(frame: str) -> bytes:
    """A server's WebSocket text frame (unmasked, uncompressed) carrying `frame`: encoded once,
    written as it is to every socket (`Wire.write`)."""
    return Frame(Opcode.TEXT, frame.encode()).serialize(mask=False)


class Wire:
    """The transport under an ASGI `send` of uvicorn's WebSocket protocol (the default,
    websockets-sansio), for writing pre-encoded frames to it directly; `Wire.of(send)` is None
    under any other server (the test communicator, another ASGI server) and when the socket
    compresses its frames: those keep the ASGI path."""

    __slots__ = ("protocol", "transport")

    def __init__(self, protocol):
        self.protocol = protocol
        self.transport = protocol.transport

    @classmethod
    def of(cls, send) -> "Wire | None":
        protocol = getattr(send, "__self__", None)
        if not isinstance(protocol, WebSocketsSansIOProtocol):
            return None
        if protocol.conn.extensions:  # permessage-deflate: frames go through its compressor
            return None
        return cls(protocol)

    @property
    def gone(self) -> bool:
        protocol = self.protocol
        return (
            protocol.disconnected
            or protocol.close_sent
            or protocol.conn.state is not State.OPEN
            or self.transport.is_closing()
        )

    @property
    def ready(self) -> bool:
        """Whether a frame written now goes out without piling up behind unread ones."""
        return (
            self.protocol.writable.is_set()
            and self.transport.get_write_buffer_size() <= MAX_BUFFERED
        )

    def write(self, data: bytes) -> None:
        self.transport.write(data)
