"""A small server-side client of Janus's HTTP API, for the VideoRoom plugin only.

Usine's server talks to Janus with the API secret (never given to browsers) to create, check and
destroy the room of a class session and to let a publisher in; browsers talk to Janus over its
WebSocket transport with short-lived signed tokens minted here (`signed_token`).

Each call opens a Janus session, attaches the VideoRoom plugin, sends one synchronous request and
destroys the session: the requests used here all answer at once, and no session is left to time out.
Facts checked on Janus 1.1.2: see the project's notes on Janus.
"""

import base64
import contextlib
import hashlib
import hmac
import json
import secrets
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field

VIDEOROOM = "janus.plugin.videoroom"

# VideoRoom error codes that callers act upon (plugins/janus_videoroom.c).
NO_SUCH_ROOM = 426
ROOM_EXISTS = 427
NO_SUCH_FEED = 428
UNAUTHORIZED = 433
# Janus core error code for a request without a valid API secret or token.
CORE_UNAUTHORIZED = 403


class JanusError(Exception):
    """Janus answered, but refused the request. `code` is Janus's or the plugin's error code."""

    def __init__(self, message: str, *, code: int | None = None):
        super().__init__(message)
        self.code = code


class JanusUnavailable(JanusError):
    """Janus did not answer (not started, wrong address, too slow): live video is unavailable."""


@dataclass(frozen=True)
class JanusServer:
    """Where Usine's server reaches Janus, and with which secrets."""

    url: str
    api_secret: str = field(default="", repr=False)
    admin_key: str = field(default="", repr=False)
    timeout: float = 2.0


def signed_token(*, secret: str, expires_at: int, plugins: Iterable[str] = (VIDEOROOM,)) -> str:
    """A Janus signed token: `<expiry>,janus,<plugin>[,…]:<base64 HMAC-SHA1>`.

    Janus checks the expiry (a Unix time) and the signature on every request of the session, and
    the plugin list when a handle is attached.
    """
    data = ",".join([str(int(expires_at)), "janus", *plugins])
    digest = hmac.new(secret.encode(), data.encode(), hashlib.sha1).digest()
    return f"{data}:{base64.b64encode(digest).decode()}"


def publisher_token() -> str:
    """A random token for a room's `allowed` list: whoever holds it may publish in that room."""
    return secrets.token_urlsafe(24)


def server_info(*, server: JanusServer) -> dict:
    """Janus's `info` answer (needs no secret); raises JanusUnavailable when Janus is not there."""
    return _request(server, "GET", "/info", None)


def create_room(
    *,
    server: JanusServer,
    room_id: int,
    secret: str,
    pin: str,
    description: str = "",
    publishers: int = 3,
    bitrate: int = 1_000_000,
    allowed: Iterable[str] = (),
    fir_freq: int = 10,
    videocodec: str = "",
) -> None:
    """Creates a VideoRoom room that only holders of the pin can join and only holders of a token
    of its `allowed` list can publish in. Nothing is recorded and recording cannot be switched on
    without the secret. Janus asks publishers for a keyframe every `fir_freq` seconds;
    `videocodec` ("h264", …) restricts what they may send. Raises JanusError with code
    ROOM_EXISTS when the id is taken."""
    codecs = {"videocodec": videocodec, "audiocodec": "opus"} if videocodec else {}
    _videoroom(
        server,
        {
            **codecs,
            "request": "create",
            "admin_key": server.admin_key,
            "room": room_id,
            "description": description[:100],
            "secret": secret,
            "pin": pin,
            "is_private": True,
            "permanent": False,
            "publishers": publishers,
            "bitrate": bitrate,
            "fir_freq": fir_freq,
            "record": False,
            "lock_record": True,
            # An (even empty) allowed list makes Janus check publishers' tokens from the start.
            "allowed": list(allowed),
        },
    )


def room_exists(*, server: JanusServer, room_id: int) -> bool:
    return bool(_videoroom(server, {"request": "exists", "room": room_id})["exists"])


def destroy_room(*, server: JanusServer, room_id: int, secret: str) -> None:
    """Destroys the room, disconnecting everyone; JanusError (NO_SUCH_ROOM) if it is absent."""
    _videoroom(server, {"request": "destroy", "room": room_id, "secret": secret})


def allow_publishers(
    *, server: JanusServer, room_id: int, secret: str, tokens: Iterable[str]
) -> None:
    """Adds tokens to the room's list of those who may publish."""
    _allowed(server, room_id, secret, "add", tokens)


def revoke_publishers(
    *, server: JanusServer, room_id: int, secret: str, tokens: Iterable[str]
) -> None:
    _allowed(server, room_id, secret, "remove", tokens)


def list_participants(*, server: JanusServer, room_id: int) -> list[dict]:
    return _videoroom(server, {"request": "listparticipants", "room": room_id})["participants"]


def rtp_forward(
    *,
    server: JanusServer,
    room_id: int,
    secret: str,
    publisher_id: int,
    host: str,
    audio_port: int,
    video_port: int,
    audio_pt: int,
    video_pt: int,
) -> list[int]:
    """Asks Janus to send a publisher's audio and video as plain RTP to host:ports (a stage's
    packager). Needs the room secret and, as the rooms are locked, the admin key. The stream ids
    of the forwarders (to stop them); Janus drops them itself when the publisher leaves."""
    data = _videoroom(
        server,
        {
            "request": "rtp_forward",
            "admin_key": server.admin_key,
            "room": room_id,
            "secret": secret,
            "publisher_id": publisher_id,
            "host": host,
            "host_family": "ipv4",
            "audio_port": audio_port,
            "audio_pt": audio_pt,
            "video_port": video_port,
            "video_pt": video_pt,
        },
    )
    return [f["stream_id"] for f in data.get("forwarders", []) if "stream_id" in f]


def stop_rtp_forward(
    *, server: JanusServer, room_id: int, secret: str, publisher_id: int, stream_id: int
) -> None:
    _videoroom(
        server,
        {
            "request": "stop_rtp_forward",
            "admin_key": server.admin_key,
            "room": room_id,
            "secret": secret,
            "publisher_id": publisher_id,
            "stream_id": stream_id,
        },
    )


def list_forwarders(*, server: JanusServer, room_id: int, secret: str) -> dict[int, list[dict]]:
    """Each publisher's RTP forwarders in the room: {publisher id: [{stream_id, port, …}]}."""
    data = _videoroom(server, {"request": "listforwarders", "room": room_id, "secret": secret})
    return {p["publisher_id"]: p.get("forwarders", []) for p in data.get("publishers", [])}


# Janus 1.1's remote publishers (meant for another Janus relaying its own): all of one publisher's
# streams arrive on one UDP port, told apart by their SSRC, BASE + STEP times the stream's index.
REMOTE_SSRC_BASE, REMOTE_SSRC_STEP = 1000, 10


def add_remote_publisher(
    *, server: JanusServer, room_id: int, secret: str, publisher_id: int, display: str, host: str
) -> tuple[int, int]:
    """Adds to the room a publisher whose Opus (stream 0) and H.264 (stream 1) Janus receives
    as plain RTP on `host`; it is listed and forwarded like any other. Its (RTP, RTCP) ports."""
    data = _videoroom(
        server,
        {
            "request": "add_remote_publisher",
            "room": room_id,
            "secret": secret,
            "id": publisher_id,
            "display": display,
            "iface": host,
            "streams": [
                {"type": "audio", "mindex": 0, "mid": "0", "codec": "opus"},
                {"type": "video", "mindex": 1, "mid": "1", "codec": "h264"},
            ],
        },
    )
    return data["port"], data["rtcp_port"]


def remove_remote_publisher(
    *, server: JanusServer, room_id: int, secret: str, publisher_id: int
) -> None:
    _videoroom(
        server,
        {
            "request": "remove_remote_publisher",
            "room": room_id,
            "secret": secret,
            "id": publisher_id,
        },
    )


# --- transport -------------------------------------------------------------------------------


def _allowed(server, room_id, secret, action, tokens) -> None:
    tokens = list(tokens)
    if tokens:
        _videoroom(
            server,
            {
                "request": "allowed",
                "room": room_id,
                "secret": secret,
                "action": action,
                "allowed": tokens,
            },
        )


def _videoroom(server: JanusServer, body: dict) -> dict:
    """Sends one synchronous request to the VideoRoom plugin in a throwaway session."""
    session = _request(server, "POST", "", {"janus": "create"})["data"]["id"]
    try:
        handle = _request(server, "POST", f"/{session}", {"janus": "attach", "plugin": VIDEOROOM})
        answer = _request(
            server,
            "POST",
            f"/{session}/{handle['data']['id']}",
            {"janus": "message", "body": body},
        )
    finally:
        # If this fails the session times out by itself; the answer above is what matters.
        with contextlib.suppress(JanusError):
            _request(server, "POST", f"/{session}", {"janus": "destroy"})
    data = answer.get("plugindata", {}).get("data", {})
    # Plugin errors come back as a success of the core, HTTP 200, with an error_code.
    if "error_code" in data:
        raise JanusError(data.get("error", "VideoRoom error"), code=data["error_code"])
    if answer.get("janus") != "success":
        raise JanusError(f"unexpected answer from Janus: {answer.get('janus')}")
    return data


def _request(server: JanusServer, method: str, path: str, body: dict | None) -> dict:
    url = server.url.rstrip("/") + path
    payload = None
    if body is not None:
        body = {**body, "transaction": secrets.token_hex(8)}
        if server.api_secret:
            body["apisecret"] = server.api_secret
        payload = json.dumps(body).encode()
    request = urllib.request.Request(
        url, data=payload, method=method, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=server.timeout) as response:
            answer = json.load(response)
    except urllib.error.HTTPError as error:
        raise JanusError(f"Janus answered HTTP {error.code}", code=error.code) from error
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        raise JanusUnavailable(f"Janus is unreachable at {server.url}: {error}") from error
    except ValueError as error:
        raise JanusUnavailable(f"Janus sent something that is not JSON: {error}") from error
    if answer.get("janus") == "error":
        error = answer.get("error", {})
        raise JanusError(error.get("reason", "Janus error"), code=error.get("code"))
    return answer
