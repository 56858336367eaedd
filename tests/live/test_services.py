"""Ending the exchange (services.end_exchange) and telling the connected pages (broadcast)."""
# ruff: noqa: F811

import socket

import pytest
from asgiref.sync import sync_to_async

from usine.live import access, services
from usine.live.models import LiveRoom, ModerationAction, RoomEvent
from usine.live.questions import ModerationError

from .test_consumers import (  # noqa: F401 (fixtures)
    close_hub_and_connections,
    open_socket,
    receive,
    room,
    send,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _janus_down(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.JANUS_URL = f"http://127.0.0.1:{port}/janus"
    settings.JANUS_API_SECRET = "api-secret"
    settings.JANUS_ADMIN_KEY = "admin-key"
    settings.JANUS_TOKEN_SECRET = "token-secret"


def teacher_of(room) -> access.Member:
    return access.Member(access.TEACHER, user_id=room.teacher.pk)


def end_and_broadcast(room_id, member):
    outcome = services.end_exchange(room_id=room_id, member=member)
    services.broadcast(outcome.events)
    return outcome


async def test_ending_tells_every_connected_page_once_and_closes_the_questions(room):
    pupil = await open_socket(room.room.pk, pupil=room.pupils[0])
    professional = await open_socket(room.room.pk, user=room.professional)

    first = await sync_to_async(end_and_broadcast)(room.room.pk, teacher_of(room))
    again = await sync_to_async(end_and_broadcast)(room.room.pk, teacher_of(room))

    assert first.reply == {"already_ended": False}
    assert again.reply == {"already_ended": True}
    assert again.events == []
    logged = await sync_to_async(list)(
        ModerationAction.objects.values_list("action", "actor_role", "actor")
    )
    assert logged == [("end", "teacher", room.teacher.pk)]  # once
    event = await sync_to_async(RoomEvent.objects.get)(room=room.room, kind="room.ended")
    expected = ["event", 1, {"kind": "room.ended", "ended_at": event.payload["ended_at"]}]
    assert await receive(pupil) == expected
    assert await receive(professional) == expected
    assert await pupil.receive_nothing(timeout=0.3)

    await send(pupil, ["question.ask", 1, {"text": "Encore une question ?"}])
    assert await receive(pupil) == [
        "error",
        1,
        {"code": "room_closed", "message": "L'échange est terminé."},
    ]
    await pupil.disconnect()
    await professional.disconnect()


@pytest.mark.parametrize("role", [access.ORGANIZER, access.PROFESSIONAL, access.PUPIL])
def test_only_the_teacher_ends_the_exchange(room, role):
    with pytest.raises(ModerationError) as refused:
        services.end_exchange(room_id=room.room.pk, member=access.Member(role))

    assert refused.value.code == "forbidden"
    assert LiveRoom.objects.get().state == LiveRoom.State.SCHEDULED
    assert not RoomEvent.objects.exists()


def test_ending_an_unknown_room_is_refused(room):
    with pytest.raises(ModerationError) as refused:
        services.end_exchange(room_id=room.room.pk + 1000, member=teacher_of(room))

    assert refused.value.code == "not_found"
