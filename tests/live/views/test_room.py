"""The live room's page for each role, and the teacher's "end the exchange"."""
# ruff: noqa: F811

import datetime
import json
import re
import socket

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

# The session's Janus (a real one): a fixture imported here, used as a parameter below.
from tests.live.janus_server import janus_server  # noqa: F401
from tests.schools.factories import BookingFactory, PupilFactory, TeacherFactory
from tests.schools.helpers import booked_class, seated_session
from tests.users.factories import UserFactory
from usine.live import janus, services, video
from usine.live.models import LiveRoom, Question, RoomEvent, Upvote
from usine.live.video import room_key
from usine.schools.join import PUPIL_SESSION_KEY

pytestmark = pytest.mark.django_db

UNAVAILABLE = "La vidéo en direct est indisponible pour le moment."


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def janus_down(settings):
    """Janus unreachable: a closed port on the loopback."""
    settings.JANUS_URL = f"http://127.0.0.1:{closed_port()}/janus"
    settings.JANUS_API_SECRET = "api-secret"
    settings.JANUS_ADMIN_KEY = "admin-key"
    settings.JANUS_TOKEN_SECRET = "token-secret"
    settings.JANUS_TIMEOUT = "1"


@pytest.fixture
def live_janus(janus_server, settings):
    for name, value in janus_server.settings().items():
        setattr(settings, name, value)
    return janus_server


class Room:
    """A booked class session's live room with everyone who may enter it, and a few who may not."""

    def __init__(self):
        booking = BookingFactory()
        self.professional = UserFactory(first_name="Inès", last_name="Durand")
        self.room = LiveRoom.objects.create(booking=booking, professional=self.professional)
        school_class = booking.school_class
        self.teacher = school_class.teacher.user
        self.organizer = UserFactory(is_staff=True)
        self.pupil = PupilFactory(school_class=school_class)
        self.outsider = PupilFactory()  # a pupil of another class
        self.stranger = UserFactory()
        self.url = reverse("live:room", args=[self.room.pk])
        self.end_url = reverse("live:end", args=[self.room.pk])

    def client(self, who, **kwargs) -> Client:
        client = Client(**kwargs)
        if who in ("teacher", "organizer", "professional", "stranger"):
            client.force_login(getattr(self, who))
        elif who in ("pupil", "outsider"):
            session = client.session
            session[PUPIL_SESSION_KEY] = getattr(self, who).pk
            session.save()
        return client


@pytest.fixture
def room():
    return Room()


def page_of(room, who):
    response = room.client(who).get(room.url)
    assert response.status_code == 200
    return response.content.decode()


def json_script(html: str, element_id: str):
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', html)
    return json.loads(found.group(1)) if found else None


def test_a_pupil_sees_the_video_the_question_form_and_the_approved_list_only(room, janus_down):
    html = page_of(room, "pupil")

    assert "Votre intervenant·e : Inès." in html
    assert "data-live-ask-form" in html
    assert 'maxlength="200"' in html
    assert "200 caractères au plus" in html
    assert 'data-live-ask-feedback role="status" aria-live="polite"' in html
    assert "data-live-approved" in html
    assert "data-live-queue" not in html
    assert "data-live-end-form" not in html
    assert "data-live-clock" not in html
    assert UNAVAILABLE in html
    assert json_script(html, "live-video-config") is None
    assert "/static/town/assets/live-video-" not in html
    config = json_script(html, "live-room-config")
    assert config["role"] == "pupil"
    assert config["moderator"] is False
    assert config["socket"] == f"/ws/live/{room.room.pk}/"
    assert config["maxLength"] == 200
    messages = json_script(html, "live-room-messages")
    assert messages["sent"] == "Ta question est envoyée. Elle s'affichera si elle est validée."


def test_the_teacher_moderates_sees_the_clock_and_may_end(room, janus_down):
    html = page_of(room, "teacher")

    assert "data-live-queue" in html
    assert "Questions à modérer" in html
    assert "data-live-approved" in html
    assert "data-live-clock" in html
    assert f'action="{room.end_url}"' in html
    assert "csrfmiddlewaretoken" in html
    assert "data-live-ask" not in html
    assert UNAVAILABLE in html
    config = json_script(html, "live-room-config")
    assert config["role"] == "teacher"
    assert config["moderator"] is True
    assert config["upvoted"] == []


def test_an_organizer_moderates_but_does_not_end(room, janus_down):
    html = page_of(room, "organizer")

    assert "data-live-queue" in html
    assert "data-live-end-form" not in html
    assert room.end_url not in html
    assert "data-live-ask" not in html
    assert json_script(html, "live-room-config")["moderator"] is True


def test_the_professional_sees_the_questions_and_the_clock_without_moderation(room, janus_down):
    html = page_of(room, "professional")

    assert "Vous intervenez dans cet échange" in html
    assert "Votre intervenant·e" not in html  # herself

    assert "Les questions de la classe" in html
    assert "data-live-approved" in html
    assert "data-live-clock" in html
    assert "data-live-queue" not in html
    assert "data-live-ask" not in html
    assert "data-live-end-form" not in html
    assert json_script(html, "live-room-config")["moderator"] is False


def test_the_clock_runs_from_minute_60_to_the_end_of_the_slot(room, janus_down):
    config = json_script(page_of(room, "professional"), "live-room-config")

    starts_at = room.room.booking.slot.starts_at
    assert datetime.datetime.fromisoformat(config["clock"]["startsAt"]) == starts_at + (
        datetime.timedelta(minutes=60)
    )
    assert datetime.datetime.fromisoformat(config["clock"]["endsAt"]) == starts_at + (
        datetime.timedelta(minutes=90)
    )
    now = datetime.datetime.fromisoformat(config["clock"]["now"])
    assert abs((now - datetime.datetime.now(datetime.UTC)).total_seconds()) < 60


def test_a_pupil_page_knows_which_questions_the_pupil_upvoted(room, janus_down):
    voted = Question.objects.create(
        room=room.room, author=room.pupil, text="Vous aimez votre métier ?", state="approved"
    )
    Question.objects.create(room=room.room, author=room.pupil, text="Et le salaire ?")
    Upvote.objects.create(question=voted, pupil=room.pupil)

    config = json_script(page_of(room, "pupil"), "live-room-config")

    assert config["upvoted"] == [voted.pk]


@pytest.mark.parametrize("who", ["anonymous", "stranger", "outsider"])
def test_anyone_else_gets_404(room, janus_down, who):
    client = room.client(who)

    assert client.get(room.url).status_code == 404
    assert client.post(room.end_url).status_code == 404
    assert LiveRoom.objects.get().state == LiveRoom.State.SCHEDULED


def test_an_unknown_room_is_404(room, janus_down):
    assert room.client("teacher").get(reverse("live:room", args=[999999])).status_code == 404


# --- Ending the exchange ----------------------------------------------------------------------


def ended_events(room):
    return list(RoomEvent.objects.filter(room=room.room, kind="room.ended"))


def test_the_teacher_ends_the_exchange_once(room, janus_down):
    client = room.client("teacher")

    first = client.post(room.end_url)
    again = client.post(room.end_url)

    assert first.status_code == 302
    assert first["Location"] == room.url
    assert again.status_code == 302
    room.room.refresh_from_db()
    assert room.room.state == LiveRoom.State.ENDED
    [event] = ended_events(room)
    assert event.audience == RoomEvent.Audience.EVERYONE
    assert event.seq == 1
    assert room.room.last_event_seq == 1
    assert set(event.payload) == {"ended_at"}


@pytest.mark.parametrize("who", ["pupil", "professional", "organizer"])
def test_only_the_teacher_ends_the_exchange(room, janus_down, who):
    response = room.client(who).post(room.end_url)

    assert response.status_code == 403
    assert LiveRoom.objects.get().state == LiveRoom.State.SCHEDULED
    assert ended_events(room) == []


def test_ending_takes_a_post(room, janus_down):
    response = room.client("teacher").get(room.end_url)

    assert response.status_code == 405
    assert LiveRoom.objects.get().state == LiveRoom.State.SCHEDULED


def test_ending_needs_the_csrf_token(room, janus_down):
    client = room.client("teacher", enforce_csrf_checks=True)

    refused = client.post(room.end_url)
    assert refused.status_code == 403
    assert LiveRoom.objects.get().state == LiveRoom.State.SCHEDULED

    html = client.get(room.url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    accepted = client.post(room.end_url, {"csrfmiddlewaretoken": token})
    assert accepted.status_code == 302
    assert LiveRoom.objects.get().state == LiveRoom.State.ENDED


def test_an_ended_exchange_says_so_and_closes_its_forms(room, janus_down):
    room.client("teacher").post(room.end_url)

    pupil_html = page_of(room, "pupil")
    teacher_html = page_of(room, "teacher")

    assert "L&#x27;échange est terminé. Merci à toutes et à tous !" in pupil_html
    assert re.search(r"data-live-ended[^>]*\bhidden\b", pupil_html) is None
    assert "data-live-video" not in pupil_html
    assert UNAVAILABLE not in pupil_html
    assert re.search(r'<textarea id="live-ask-text"[^>]*\bdisabled\b', pupil_html)
    assert json_script(pupil_html, "live-room-config")["ended"] is True
    assert "data-live-end-form" not in teacher_html
    assert "Terminer l&#x27;échange" not in teacher_html


def test_a_running_exchange_hides_the_ended_banner(room, janus_down):
    html = page_of(room, "pupil")

    assert re.search(r"data-live-ended[^>]*\bhidden\b", html)
    assert json_script(html, "live-room-config")["ended"] is False


# --- With a real Janus ------------------------------------------------------------------------


def test_only_publishing_roles_get_a_publisher_token(room, live_janus):
    try:
        pupil = json_script(page_of(room, "pupil"), "live-video-config")
        professional_html = page_of(room, "professional")
        professional = json_script(professional_html, "live-video-config")
        teacher = json_script(page_of(room, "teacher"), "live-video-config")

        assert pupil["canPublish"] is False
        assert "publisherToken" not in pupil
        assert professional["canPublish"] is True
        assert professional["publishOnLoad"] is True
        assert professional["publisherToken"]
        assert professional["display"] == "Inès Durand"
        assert teacher["canPublish"] is True
        assert teacher["publishOnLoad"] is False
        assert UNAVAILABLE not in professional_html
        assert re.search(
            r'<script type="module" src="/static/town/assets/live-video-', professional_html
        )
    finally:
        video.close_room(room_key=room_key(room.room))


def test_ending_closes_the_video_room_and_a_later_visit_does_not_reopen_it(room, live_janus):
    page_of(room, "pupil")  # opens the video room
    room_id = video.room_for(room_key=room_key(room.room)).room_id
    assert janus.room_exists(server=live_janus.server(), room_id=room_id) is True

    assert room.client("teacher").post(room.end_url).status_code == 302
    assert janus.room_exists(server=live_janus.server(), room_id=room_id) is False

    page_of(room, "professional")
    assert janus.room_exists(server=live_janus.server(), room_id=room_id) is False


def test_the_teacher_enters_the_live_room_of_their_class(client):
    booking = booked_class(started_ago=datetime.timedelta(minutes=58))
    client.force_login(booking.school_class.teacher.user)

    response = client.get(
        reverse("live:teacher_exchange", kwargs={"pk": booking.school_class.pk}), follow=True
    )

    room = LiveRoom.objects.get(booking=booking)
    assert response.redirect_chain == [(reverse("live:room", args=[room.pk]), 302)]
    assert response.status_code == 200


def test_another_teachers_class_has_no_way_in(client):
    booking = booked_class(started_ago=datetime.timedelta(minutes=58))
    client.force_login(TeacherFactory().user)

    url = reverse("live:teacher_exchange", kwargs={"pk": booking.school_class.pk})

    assert client.get(url).status_code == 404
    assert not LiveRoom.objects.exists()


def test_a_pupil_s_page_reads_three_rows(room, janus_down, django_assert_num_queries):
    client = room.client("pupil")
    assert client.get(room.url).status_code == 200
    # The room with its class, slot and professional; the pupil; their upvotes.
    with django_assert_num_queries(3):
        assert client.get(room.url).status_code == 200


def seated_client(pupil) -> Client:
    client = Client()
    client.cookies[django_settings.SESSION_COOKIE_NAME] = seated_session(pupil)
    return client


def test_a_seated_pupil_s_page_reads_no_pupil_row(room, janus_down, django_assert_num_queries):
    client = seated_client(room.pupil)
    assert client.get(room.url).status_code == 200
    # Their upvotes. The seat, with the pupil and its class, comes from the cache the session
    # bar keeps, the room with its class, slot and professional from the cache under the class's
    # version (access.request_room_member); whether they answered the last questions, from
    # their session (read once).
    with django_assert_num_queries(1):
        page = client.get(room.url)
    assert json_script(page.content.decode(), "live-room-config")["role"] == "pupil"


def test_a_pupil_seated_in_another_class_does_not_enter(room, janus_down):
    assert seated_client(room.outsider).get(room.url).status_code == 404


def test_a_seated_pupil_s_page_shows_a_change_of_the_room_at_once(room, janus_down):
    """The room comes from the cache (access.request_room_member): a new professional, the
    class renamed, the exchange ended show at the next page."""
    client = seated_client(room.pupil)
    assert "Votre intervenant·e : Inès." in client.get(room.url).content.decode()
    services.set_professional(room=room.room, user_id=UserFactory(first_name="Yanis").pk)
    assert "Votre intervenant·e : Yanis." in client.get(room.url).content.decode()
    professional = room.room.professional
    professional.refresh_from_db()
    professional.first_name = "Yann"
    professional.save()
    assert "Votre intervenant·e : Yann." in client.get(room.url).content.decode()
    school_class = room.room.booking.school_class
    school_class.name = "4e Renommée"
    school_class.save()
    assert "Échange en direct — 4e Renommée" in client.get(room.url).content.decode()
    room.client("teacher").post(room.end_url)
    ended = json_script(client.get(room.url).content.decode(), "live-room-config")["ended"]
    assert ended is True


def test_a_pupil_seated_in_another_class_is_not_let_in_by_the_cache(room, janus_down):
    pupil = seated_client(room.pupil)
    assert pupil.get(room.url).status_code == 200
    assert seated_client(room.outsider).get(room.url).status_code == 404
    assert pupil.get(room.url).status_code == 200
