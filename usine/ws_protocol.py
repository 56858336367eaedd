"""The web workers' WebSocket protocol: uvicorn's (websockets' sans-I/O one), letting go of the
handshake once the socket is open.

uvicorn keeps the handshake's request and response (websockets' objects, their headers held
twice: a dict of lists and a list) for the socket's whole life, though only the ASGI scope is
read after the handshake: ≈ 3 KB a socket, 30 MB for the 10,000 idle sockets a host holds
(bench/idle_sockets.py). The workers run with `--ws usine.ws_protocol:WebSocketProtocol`.
"""

from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol


class WebSocketProtocol(WebSocketsSansIOProtocol):
    def handle_connect(self, event) -> None:
        super().handle_connect(event)
        self.request = None  # read by nothing past the handshake

    async def send(self, message) -> None:
        await super().send(message)
        if message["type"] == "websocket.accept":
            # Written: the response is read to accept (or refuse) the handshake only.
            self.response = None
