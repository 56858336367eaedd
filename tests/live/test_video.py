"""The live video services and page, against a real Janus."""
# ruff: noqa: F811

import json
import re
import socket
import time

import pytest
from django.urls import reverse

from tests.schools.factories import BookingFactory, PupilFactory
from tests.users.factories import UserFactory
from usine.live import janus, video
from usine.live.models import LiveRoom
from usine.live.video import Role, room_key
from usine.schools.join import PUPIL_SESSION_KEY

# The session's Janus: a fixture imported here, used as a parameter below.
from .janus_server import BrowserSession, janus_server  # noqa: F401


@pytest.fixture
def live_janus(janus_server, settings):
    for name, value in janus_server.settings().items():
        setattr(settings, name, value)
    return janus_server


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_ensure_room_creates_the_room_once(live_janus):
    room = video.ensure_room(room_key="test-ensure")
    again = video.ensure_room(room_key="test-ensure")
    try:
        assert again == room
        assert janus.room_exists(server=live_janus.server(), room_id=room.room_id) is True
        assert room.room_id != video.room_for(room_key="test-ensure-2").room_id
        assert room.room_id < 2**53  # exact as a JavaScript number
    finally:
        assert video.close_room(room_key="test-ensure") is True
    assert janus.room_exists(server=live_janus.server(), room_id=room.room_id) is False
    assert video.close_room(room_key="test-ensure") is False


def test_the_pin_and_secret_depend_on_the_server_secret(live_janus, settings):
    room = video.room_for(room_key="k")
    settings.JANUS_API_SECRET = "another-server"
    other = video.room_for(room_key="k")

    assert other.room_id == room.room_id
    assert other.pin != room.pin
    assert other.secret != room.secret
    assert room.pin != room.secret


def test_a_pupil_gets_no_publish_right_and_never_the_secret(live_janus):
    room = video.ensure_room(room_key="test-pupil")
    try:
        config = video.browser_config(role=Role.PUPIL, room=room)

        assert set(config) == {
            "role", "room", "pin", "token", "iceServers", "display", "canPublish",
            "publishOnLoad",
        }  # fmt: skip
        assert config["canPublish"] is False
        assert config["publishOnLoad"] is False
        assert room.secret not in json.dumps(config)
        assert config["room"] == room.room_id
        assert config["pin"] == room.pin
        expiry = int(config["token"].split(",")[0])
        assert time.time() + 3500 < expiry <= time.time() + 3600

        # What the pupil's browser holds opens a session, but cannot publish in the room.
        browser = BrowserSession(live_janus.url, config["token"])
        refused = browser.join_as_publisher(
            room=config["room"], pin=config["pin"], token=config.get("publisherToken")
        )
        assert refused["error_code"] == janus.UNAUTHORIZED
    finally:
        video.close_room(room_key="test-pupil")


def test_an_organizer_watches_without_publishing(live_janus):
    room = video.ensure_room(room_key="test-organizer")
    try:
        config = video.browser_config(role="organizer", room=room)
        assert config["canPublish"] is False
        assert "publisherToken" not in config
    finally:
        video.close_room(room_key="test-organizer")


@pytest.mark.parametrize(("role", "on_load"), [(Role.PROFESSIONAL, True), (Role.TEACHER, False)])
def test_the_professional_and_the_teacher_get_a_working_publisher_token(live_janus, role, on_load):
    room = video.ensure_room(room_key=f"test-{role}")
    try:
        config = video.browser_config(role=role, room=room, display="Camille Martin")

        assert config["canPublish"] is True
        assert config["publishOnLoad"] is on_load
        assert config["display"] == "Camille Martin"
        assert room.secret not in json.dumps(config)
        browser = BrowserSession(live_janus.url, config["token"])
        joined = browser.join_as_publisher(
            room=config["room"], pin=config["pin"], token=config["publisherToken"]
        )
        assert joined["videoroom"] == "joined"
    finally:
        video.close_room(room_key=f"test-{role}")


def test_an_unknown_role_is_refused(live_janus):
    with pytest.raises(ValueError, match="'stranger' is not a valid Role"):
        video.browser_config(role="stranger", room=video.room_for(room_key="x"))


def test_ensure_room_raises_unavailable_when_janus_does_not_answer(settings):
    settings.JANUS_URL = f"http://127.0.0.1:{closed_port()}/janus"

    with pytest.raises(video.JanusUnavailable):
        video.ensure_room(room_key="test-down")


# --- the page ----------------------------------------------------------------------------------


@pytest.fixture
def live_room(db):
    return LiveRoom.objects.create(booking=BookingFactory(), professional=UserFactory())


def page_config(response) -> dict | None:
    match = re.search(
        r'<script id="live-video-config" type="application/json">(.*?)</script>',
        response.content.decode(),
    )
    return json.loads(match.group(1)) if match else None


def test_a_pupil_of_the_class_gets_the_watching_page(client, live_janus, live_room):
    pupil = PupilFactory(school_class=live_room.booking.school_class)
    session = client.session
    session[PUPIL_SESSION_KEY] = pupil.pk
    session.save()
    try:
        response = client.get(reverse("live:room_video", args=[live_room.pk]))

        assert response.status_code == 200
        assert response["Cache-Control"].startswith("max-age=0")
        config = page_config(response)
        assert config["role"] == "pupil"
        assert config["canPublish"] is False
        assert "publisherToken" not in config
        assert config["server"] == f"ws://testserver:{live_janus.ws_port}/"
        content = response.content.decode()
        assert video.room_for(room_key=room_key(live_room)).secret not in content
        assert "data-live-video-publish" not in content
        assert "Connexion à la vidéo en direct…" in content
        assert re.search(
            r'<script type="module" src="/static/town/assets/live-video-[^"]+\.js"', content
        )
    finally:
        video.close_room(room_key=room_key(live_room))


def test_the_professional_gets_the_publishing_page(client, live_janus, live_room):
    live_room.professional.first_name, live_room.professional.last_name = "Inès", "Durand"
    live_room.professional.save()
    client.force_login(live_room.professional)
    try:
        response = client.get(reverse("live:room_video", args=[live_room.pk]))

        config = page_config(response)
        assert config["role"] == "professional"
        assert config["display"] == "Inès Durand"
        assert config["publisherToken"]
        assert "Couper ma caméra" in response.content.decode()
    finally:
        video.close_room(room_key=room_key(live_room))


def test_a_pupil_of_another_class_and_a_stranger_get_404(client, live_janus, live_room):
    other_pupil = PupilFactory()
    session = client.session
    session[PUPIL_SESSION_KEY] = other_pupil.pk
    session.save()
    url = reverse("live:room_video", args=[live_room.pk])

    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    assert client.get(reverse("live:room_video", args=[live_room.pk + 1000])).status_code == 404


def test_the_page_says_live_video_is_unavailable_when_janus_is_down(client, settings, live_room):
    settings.JANUS_URL = f"http://127.0.0.1:{closed_port()}/janus"
    client.force_login(live_room.booking.school_class.teacher.user)

    response = client.get(reverse("live:room_video", args=[live_room.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    assert "La vidéo en direct est indisponible pour le moment." in content
    assert "Les questions fonctionnent toujours." in content
    assert page_config(response) is None
    assert "/static/town/assets/live-video" not in content  # no video client without a room


def test_the_video_of_an_ended_exchange_is_not_reopened(client, live_janus, live_room):
    live_room.state = LiveRoom.State.ENDED
    live_room.save()
    client.force_login(live_room.booking.school_class.teacher.user)

    response = client.get(reverse("live:room_video", args=[live_room.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("live:room", args=[live_room.pk])
    room_id = video.room_for(room_key=room_key(live_room)).room_id
    assert janus.room_exists(server=live_janus.server(), room_id=room_id) is False


# --- the connectivity self-test page -----------------------------------------------------------


def selftest_config(response) -> dict:
    match = re.search(
        r'<script id="selftest-config" type="application/json">(.*?)</script>',
        response.content.decode(),
    )
    return json.loads(match.group(1))


def test_the_selftest_page_needs_an_account(client, db):
    response = client.get(reverse("live:selftest"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_selftest_page_points_at_janus(client, live_janus, live_room):
    client.force_login(live_room.booking.school_class.teacher.user)

    response = client.get(reverse("live:selftest"))

    assert response.status_code == 200
    assert selftest_config(response) == {
        "janusServer": f"ws://testserver:{live_janus.ws_port}/",
        "iceServers": [],
        "hlsPlaylist": None,
    }
    assert "Test de connexion avant l'échange en direct" in response.content.decode()


def test_the_selftest_page_knows_when_janus_is_down(client, settings, live_room):
    settings.JANUS_URL = f"http://127.0.0.1:{closed_port()}/janus"
    client.force_login(live_room.booking.school_class.teacher.user)

    response = client.get(reverse("live:selftest"))

    assert response.status_code == 200
    assert selftest_config(response)["janusServer"] is None


def test_a_room_seen_lately_is_not_asked_of_janus_again(live_janus, monkeypatch):
    asked = []
    real = janus._request

    def counted(server, method, path, body):
        asked.append(path)
        return real(server, method, path, body)

    monkeypatch.setattr(janus, "_request", counted)
    server = live_janus.server()
    try:
        room = video.ensure_room(room_key="test-known")
        made = len(asked)
        assert video.ensure_room(room_key="test-known") == room
        assert len(asked) == made  # a class's pupils opening the page cost Janus nothing
    finally:
        assert video.close_room(room_key="test-known") is True
    # Closing forgets it: the next page makes it again.
    monkeypatch.setattr(video, "KNOWN_ROOM_SECONDS", 0)
    video.ensure_room(room_key="test-known")
    assert janus.room_exists(server=server, room_id=room.room_id) is True
    # Past KNOWN_ROOM_SECONDS Janus is asked again (a restart of Janus lost the room).
    janus.destroy_room(server=server, room_id=room.room_id, secret=room.secret)
    video.ensure_room(room_key="test-known")
    assert janus.room_exists(server=server, room_id=room.room_id) is True
    assert video.close_room(room_key="test-known") is True
