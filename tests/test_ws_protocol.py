"""The web workers' WebSocket protocol (usine/ws_protocol.py) on a real uvicorn: an open socket
keeps nothing of its handshake, and sockets still work, refuse and wait for a slow reader as
uvicorn's own."""

import asyncio
import contextlib
import gc
import uuid

import pytest
import uvicorn
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from tests.servers import free_port
from usine import ws_protocol
from usine.ws_protocol import Inbox, WebSocketProtocol, Writable

BIG = "x" * 60_000  # a frame that fills the transport's buffer in a few writes
BIG_FRAMES = 300  # 18 MB: more than the kernel buffers between them


async def echo(scope, receive, send):
    """Says how many handshake headers it saw before and after accepting, then echoes text
    frames; refuses the handshake on /refused; writes BIG_FRAMES big frames on /flood."""
    assert scope["type"] == "websocket"
    assert (await receive())["type"] == "websocket.connect"
    if scope["path"] == "/refused":
        await send({"type": "websocket.close", "code": 1000})
        return
    before = len(scope["headers"])
    await send({"type": "websocket.accept"})
    if scope["path"] == "/flood":
        for n in range(BIG_FRAMES):
            await send({"type": "websocket.send", "text": f"{n} {BIG}"})
    await send({"type": "websocket.send", "text": f"{before} {len(scope['headers'])}"})
    while (message := await receive())["type"] == "websocket.receive":
        await send({"type": "websocket.send", "text": message["text"]})


@contextlib.asynccontextmanager
async def serving(**options):
    port = free_port()
    config = uvicorn.Config(
        echo,
        host="127.0.0.1",
        port=port,
        ws="usine.ws_protocol:WebSocketProtocol",  # as the workers are started
        ws_per_message_deflate=False,
        lifespan="off",
        log_level="warning",
        **options,
    )
    running = uvicorn.Server(config)
    task = asyncio.ensure_future(running.serve())
    while not running.started:
        assert not task.done(), "uvicorn did not start"
        await asyncio.sleep(0.01)
    yield running, f"ws://127.0.0.1:{port}"
    running.should_exit = True
    await task


@pytest.fixture
async def server():
    async with serving() as running:
        yield running


def holding(marker: str) -> list:
    """The containers (tuples, lists, dicts) of this process holding `marker`, as str or bytes."""
    wanted = {marker, marker.encode()}
    gc.collect()
    found = []
    for obj in gc.get_objects():
        # type(), not isinstance(): a lazy object (Django's, django-csp's nonce) would evaluate
        # itself when asked for its class.
        kind = type(obj)
        if issubclass(kind, dict):
            items = obj.values()
        elif issubclass(kind, (tuple, list)):
            items = obj
        else:
            continue
        if any(type(item) in (str, bytes) and item in wanted for item in items):
            found.append(obj)
    return found


async def handshake(port: int, marker: str):
    """A raw client (websockets' would keep its own copy of the marker): the handshake with a
    header carrying `marker`, read up to the server's first frame."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        b"X-Marque: %s\r\nCookie: sessionid=%s\r\n\r\n" % (marker.encode(), marker.encode())
    )
    assert (await reader.readuntil(b"\r\n\r\n")).startswith(b"HTTP/1.1 101")
    header = await reader.readexactly(2)
    return reader, writer, (await reader.readexactly(header[1])).decode()


async def test_an_open_socket_keeps_nothing_of_its_handshake(server):
    running, url = server
    marker = f"marque-{uuid.uuid4().hex}"
    _reader, writer, first = await handshake(int(url.rsplit(":", 1)[1]), marker)
    # The application read the handshake's 7 headers, then they were let go.
    assert first == "7 0"
    [protocol] = [p for p in running.server_state.connections if isinstance(p, WebSocketProtocol)]
    assert (protocol.request, protocol.response) == (None, None)
    assert protocol.scope["path"] == "/"  # what the application reads stays
    assert holding(marker) == []
    writer.close()


async def read_frame(reader) -> tuple[int, bytes]:
    """A server's frame (unmasked, under 126 bytes): its opcode and payload."""
    header = await reader.readexactly(2)
    return header[0] & 0x0F, await reader.readexactly(header[1])


async def test_keepalive_pings_a_quiet_client_and_closes_it_once_it_stops_answering(monkeypatch):
    monkeypatch.setattr(ws_protocol, "TICK", 0.05)
    async with serving(ws_ping_interval=0.1, ws_ping_timeout=0.3) as (running, url):
        reader, writer, _first = await handshake(int(url.rsplit(":", 1)[1]), "pings")
        [protocol] = [
            p for p in running.server_state.connections if isinstance(p, WebSocketProtocol)
        ]
        for _ in range(3):  # answered: the socket stays open, pinged again
            opcode, payload = await asyncio.wait_for(read_frame(reader), 5)
            assert opcode == 0x9
            writer.write(bytes([0x8A, 0x80 | len(payload)]) + b"\0\0\0\0" + payload)
        opcode, payload = await asyncio.wait_for(read_frame(reader), 5)
        assert opcode == 0x9
        assert protocol.close_sent is False
        # Not answered: failed once the pong's deadline is past (uvicorn's 1011).
        opcode, payload = await asyncio.wait_for(read_frame(reader), 5)
        assert (opcode, int.from_bytes(payload[:2])) == (0x8, 1011)
        assert await reader.read() == b""
        writer.close()
        assert ws_protocol.keepalive_of(asyncio.get_running_loop()).buckets == {}


async def test_an_open_socket_echoes_as_before(server):
    _running, url = server
    async with connect(f"{url}/", compression=None) as socket:
        assert (await socket.recv()).endswith(" 0")
        await socket.send("bonjour")
        assert await socket.recv() == "bonjour"


async def test_a_client_that_does_not_read_makes_the_application_wait(server):
    running, url = server
    async with connect(f"{url}/flood", compression=None, max_queue=1) as socket:
        [protocol] = [
            p for p in running.server_state.connections if isinstance(p, WebSocketProtocol)
        ]
        for _ in range(500):  # the transport's buffer fills while the client reads nothing
            if not protocol.writable.is_set():
                break
            await asyncio.sleep(0.01)
        assert protocol.writable.is_set() is False
        frames = [await socket.recv() for _ in range(BIG_FRAMES + 1)]
        assert [f.split(" ", 1)[0] for f in frames[:-1]] == [str(n) for n in range(BIG_FRAMES)]
        assert frames[-1].endswith(" 0")
        assert protocol.writable.is_set() is True


async def test_a_refused_handshake_is_still_a_403(server):
    _running, url = server
    with pytest.raises(InvalidStatus) as refused:
        async with connect(f"{url}/refused", compression=None):
            pass
    assert refused.value.response.status_code == 403


async def test_the_inbox_gives_messages_in_order_and_a_cancelled_read_loses_none():
    inbox = Inbox()
    first = asyncio.ensure_future(inbox.get())
    second = asyncio.ensure_future(inbox.get())
    await asyncio.sleep(0)
    inbox.put_nowait("a")
    first.cancel()  # woken for "a", cancelled before it ran: "a" goes to the next reader
    inbox.put_nowait("b")
    assert await second == "a"
    assert await inbox.get() == "b"
    assert inbox.empty() is True
    assert (inbox._items, inbox._getters) == (None, None)


async def test_writable_wakes_every_waiter_once_set():
    writable = Writable()
    assert await writable.wait() is True
    writable.clear()
    waiters = [asyncio.ensure_future(writable.wait()) for _ in range(2)]
    await asyncio.sleep(0)
    assert [w.done() for w in waiters] == [False, False]
    writable.set()
    assert await asyncio.gather(*waiters) == [True, True]
    assert writable._waiters is None
