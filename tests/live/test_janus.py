"""The Janus client against a real Janus started with the project's configuration."""
# ruff: noqa: F811

import json
import socket
import time
import urllib.request

import pytest

from usine.live import janus
from usine.live.janus import JanusError, JanusServer, JanusUnavailable

# The session's Janus: a fixture imported here, used as a parameter below.
from .janus_server import BrowserSession, janus_server  # noqa: F401

ROOM = 4242


def test_the_configuration_loads_only_the_videoroom_and_the_two_transports(janus_server):
    info = janus.server_info(server=janus_server.server())

    assert info["version_string"] == "1.1.2"
    assert set(info["plugins"]) == {"janus.plugin.videoroom"}
    assert set(info["transports"]) == {"janus.transport.http", "janus.transport.websockets"}
    assert info["api_secret"] is True
    assert info["auth_token"] is True


def test_no_demo_room_exists(janus_server):
    server = janus_server.server()

    assert janus.room_exists(server=server, room_id=1234) is False
    assert janus.room_exists(server=server, room_id=5678) is False


def test_create_exists_duplicate_destroy(janus_server):
    server = janus_server.server()

    janus.create_room(server=server, room_id=ROOM, secret="secret-1", pin="pin-1")
    assert janus.room_exists(server=server, room_id=ROOM) is True

    # Plugin errors arrive as HTTP 200 with an error_code: the client raises them.
    with pytest.raises(JanusError, match=f"Room {ROOM} already exists") as duplicate:
        janus.create_room(server=server, room_id=ROOM, secret="other", pin="other")
    assert duplicate.value.code == janus.ROOM_EXISTS
    assert not isinstance(duplicate.value, JanusUnavailable)

    with pytest.raises(JanusError, match="wrong secret") as wrong:
        janus.destroy_room(server=server, room_id=ROOM, secret="not-the-secret")
    assert wrong.value.code == janus.UNAUTHORIZED
    assert janus.room_exists(server=server, room_id=ROOM) is True

    janus.destroy_room(server=server, room_id=ROOM, secret="secret-1")
    assert janus.room_exists(server=server, room_id=ROOM) is False
    with pytest.raises(JanusError) as gone:
        janus.destroy_room(server=server, room_id=ROOM, secret="secret-1")
    assert gone.value.code == janus.NO_SUCH_ROOM


def test_only_the_admin_key_creates_rooms(janus_server):
    without_key = JanusServer(url=janus_server.url, api_secret=janus_server.api_secret)

    with pytest.raises(JanusError, match="admin_key") as refused:
        janus.create_room(server=without_key, room_id=ROOM + 1, secret="s", pin="p")
    assert refused.value.code == janus.UNAUTHORIZED
    assert janus.room_exists(server=janus_server.server(), room_id=ROOM + 1) is False


def test_requests_without_the_api_secret_or_a_token_are_refused(janus_server):
    stranger = JanusServer(url=janus_server.url, admin_key=janus_server.admin_key)

    with pytest.raises(JanusError, match="Unauthorized request") as refused:
        janus.room_exists(server=stranger, room_id=ROOM)
    assert refused.value.code == janus.CORE_UNAUTHORIZED


def token(janus_server, *, expires_in=60, secret=None, plugins=(janus.VIDEOROOM,)):
    return janus.signed_token(
        secret=secret or janus_server.token_secret,
        expires_at=int(time.time()) + expires_in,
        plugins=plugins,
    )


def test_a_valid_signed_token_opens_a_session_and_reaches_the_videoroom(janus_server):
    browser = BrowserSession(janus_server.url, token(janus_server))
    handle = browser.attach()

    answer = browser.message(handle, {"request": "exists", "room": 1})

    assert answer["plugindata"]["data"] == {"videoroom": "success", "room": 1, "exists": False}


@pytest.mark.parametrize(
    ("expires_in", "secret"),
    [(-5, None), (60, "not-the-token-secret")],
    ids=["expired", "badly-signed"],
)
def test_expired_or_badly_signed_tokens_are_refused(janus_server, expires_in, secret):
    with pytest.raises(PermissionError) as refused:
        BrowserSession(janus_server.url, token(janus_server, expires_in=expires_in, secret=secret))
    assert refused.value.args[0] == 403


def test_a_token_for_another_plugin_cannot_attach_the_videoroom(janus_server):
    browser = BrowserSession(
        janus_server.url, token(janus_server, plugins=["janus.plugin.echotest"])
    )

    with pytest.raises(PermissionError) as refused:
        browser.attach()
    assert refused.value.args[0] == 405


def test_only_a_token_of_the_allowed_list_publishes(janus_server):
    server = janus_server.server()
    janus.create_room(server=server, room_id=ROOM + 2, secret="s", pin="p", allowed=[])
    try:
        publisher = janus.publisher_token()
        janus.allow_publishers(server=server, room_id=ROOM + 2, secret="s", tokens=[publisher])
        browser = BrowserSession(janus_server.url, token(janus_server))

        without = browser.join_as_publisher(room=ROOM + 2, pin="p", token=None)
        assert without["error_code"] == janus.UNAUTHORIZED
        assert without["error"] == "Unauthorized (not in the allowed list)"
        wrong_pin = browser.join_as_publisher(room=ROOM + 2, pin="x", token=publisher)
        assert wrong_pin["error_code"] == janus.UNAUTHORIZED
        joined = browser.join_as_publisher(room=ROOM + 2, pin="p", token=publisher)
        assert joined["videoroom"] == "joined"

        janus.revoke_publishers(server=server, room_id=ROOM + 2, secret="s", tokens=[publisher])
        revoked = BrowserSession(janus_server.url, token(janus_server)).join_as_publisher(
            room=ROOM + 2, pin="p", token=publisher
        )
        assert revoked["error_code"] == janus.UNAUTHORIZED
    finally:
        janus.destroy_room(server=server, room_id=ROOM + 2, secret="s")


def test_list_participants_shows_the_publisher(janus_server):
    server = janus_server.server()
    janus.create_room(server=server, room_id=ROOM + 3, secret="s", pin="p")
    try:
        publisher = janus.publisher_token()
        janus.allow_publishers(server=server, room_id=ROOM + 3, secret="s", tokens=[publisher])
        browser = BrowserSession(janus_server.url, token(janus_server))
        joined = browser.join_as_publisher(room=ROOM + 3, pin="p", token=publisher)

        participants = janus.list_participants(server=server, room_id=ROOM + 3)

        assert [p["id"] for p in participants] == [joined["id"]]
    finally:
        janus.destroy_room(server=server, room_id=ROOM + 3, secret="s")


def test_a_closed_port_is_unavailable_at_once():
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = JanusServer(url=f"http://127.0.0.1:{port}/janus", api_secret="x")

    started = time.monotonic()
    with pytest.raises(JanusUnavailable, match="unreachable"):
        janus.room_exists(server=server, room_id=1)
    assert time.monotonic() - started < 1


def test_a_server_that_never_answers_is_unavailable_after_the_timeout():
    assert JanusServer(url="http://x").timeout <= 2
    with socket.socket() as listener:  # accepts connections (backlog) but never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        port = listener.getsockname()[1]
        server = JanusServer(url=f"http://127.0.0.1:{port}/janus", api_secret="x")

        started = time.monotonic()
        with pytest.raises(JanusUnavailable):
            janus.room_exists(server=server, room_id=1)
        elapsed = time.monotonic() - started
    assert 1.5 <= elapsed < 3


def test_a_signed_token_has_janus_s_format():
    value = janus.signed_token(secret="s3cret", expires_at=1_900_000_000)

    data, signature = value.split(":")
    assert data == "1900000000,janus,janus.plugin.videoroom"
    # Computed independently: printf DATA | openssl dgst -sha1 -hmac s3cret -binary | base64
    assert signature == "F5dAFoBb2eH8GWL/jFHLGxpbcEE="


def test_info_needs_no_secret(janus_server):
    with urllib.request.urlopen(f"{janus_server.url}/info", timeout=2) as response:
        assert json.load(response)["name"] == "Janus WebRTC Server"
