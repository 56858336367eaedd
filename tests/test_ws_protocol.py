"""The web workers' WebSocket protocol (usine/ws_protocol.py) on a real uvicorn: an open socket
keeps nothing of its handshake, and sockets still work and refuse as uvicorn's own."""

import asyncio

import pytest
import uvicorn
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from tests.servers import free_port
from usine.ws_protocol import WebSocketProtocol


async def echo(scope, receive, send):
    """Echoes text frames; refuses the handshake on /refused."""
    assert scope["type"] == "websocket"
    assert (await receive())["type"] == "websocket.connect"
    if scope["path"] == "/refused":
        await send({"type": "websocket.close", "code": 1000})
        return
    await send({"type": "websocket.accept"})
    while (message := await receive())["type"] == "websocket.receive":
        await send({"type": "websocket.send", "text": message["text"]})


@pytest.fixture
async def server():
    port = free_port()
    config = uvicorn.Config(
        echo,
        host="127.0.0.1",
        port=port,
        ws="usine.ws_protocol:WebSocketProtocol",  # as the workers are started
        ws_per_message_deflate=False,
        lifespan="off",
        log_level="warning",
    )
    running = uvicorn.Server(config)
    task = asyncio.ensure_future(running.serve())
    while not running.started:
        assert not task.done(), "uvicorn did not start"
        await asyncio.sleep(0.01)
    yield running, f"ws://127.0.0.1:{port}"
    running.should_exit = True
    await task


async def test_an_open_socket_keeps_nothing_of_its_handshake(server):
    running, url = server
    async with connect(f"{url}/", compression=None) as socket:
        await socket.send("bonjour")
        assert await socket.recv() == "bonjour"
        [protocol] = [
            p for p in running.server_state.connections if isinstance(p, WebSocketProtocol)
        ]
        assert (protocol.request, protocol.response) == (None, None)
        assert protocol.scope["path"] == "/"  # what the application reads stays


async def test_a_refused_handshake_is_still_a_403(server):
    _running, url = server
    with pytest.raises(InvalidStatus) as refused:
        async with connect(f"{url}/refused", compression=None):
            pass
    assert refused.value.response.status_code == 403
