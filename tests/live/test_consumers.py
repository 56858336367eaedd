"""The live room's WebSocket through the real ASGI application, asserting whole frames."""

import asyncio
import datetime
import json

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connections, transaction

from tests.schools.factories import BookingFactory, PupilFactory
from tests.users.factories import UserFactory
from usine.asgi import application
from usine.live import presence, questions
from usine.live.access import Member
from usine.live.models import LiveRoom, ModerationAction, Question, RoomPresence
from usine.live.rooms.attendance import get_attendance
from usine.live.rooms.hub import get_hub
from usine.live.services import set_professional
from usine.schools.join import PUPIL_SESSION_KEY

pytestmark = pytest.mark.django_db(transaction=True)

# The page's own origin, and the host its socket is opened on (usine.sockets.same_origin).
ORIGIN = (b"origin", b"http://localhost")
HOST = (b"host", b"localhost")


@pytest.fixture(autouse=True)
async def close_hub_and_connections():
    yield
    await get_hub().close()
    await get_attendance().close()
    await sync_to_async(connections.close_all)()


class Room:
    """A booked class session's live room with everyone who may enter it."""

    def __init__(self):
        booking = BookingFactory()
        self.professional = UserFactory()
        self.room = LiveRoom.objects.create(booking=booking, professional=self.professional)
        school_class = booking.school_class
        self.teacher = school_class.teacher.user
        self.organizer = UserFactory(is_staff=True)
        self.pupils = [PupilFactory(school_class=school_class) for _ in range(3)]
        self.outsider = PupilFactory()  # a pupil of another class


@pytest.fixture
async def room():
    return await sync_to_async(Room)()


def _session(*, user=None, pupil=None) -> str:
    session = SessionStore()
    if user is not None:
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    if pupil is not None:
        session[PUPIL_SESSION_KEY] = pupil.pk
    session.save()
    return session.session_key


async def open_socket(room_id, *, user=None, pupil=None, sync=0) -> WebsocketCommunicator:
    """A connected socket; with `sync` set, synced from that event (its ack read)."""
    key = await sync_to_async(_session)(user=user, pupil=pupil)
    communicator = WebsocketCommunicator(
        application,
        f"/ws/live/{room_id}/",
        headers=[ORIGIN, HOST, (b"cookie", f"sessionid={key}".encode())],
    )
    connected, _ = await communicator.connect()
    assert connected
    if sync is not None:
        await send(communicator, ["sync", "s", {"last": sync}])
        frame = await receive(communicator)
        assert frame[0] == "ack", frame
    return communicator


async def send(communicator, frame) -> None:
    await communicator.send_to(text_data=json.dumps(frame))


async def receive(communicator):
    return json.loads(await communicator.receive_from(timeout=2))


async def receive_all(communicator, count):
    return [await receive(communicator) for _ in range(count)]


def question_frame(question: Question, *, moderator: bool) -> dict:
    data = {
        "id": question.pk,
        "text": question.text,
        "pseudonym": question.author.pseudonym,
        "state": question.state,
        "upvotes": question.upvotes,
        "asked_at": question.created_at.isoformat(),
    }
    if moderator:
        data |= {"pupil_id": question.author_id, "flag": question.flag}
    return data


async def get_question(text) -> Question:
    return await sync_to_async(Question.objects.select_related("author").get)(text=text)


async def test_a_question_reaches_the_class_and_the_professional_only_once_approved(room):
    teacher = await open_socket(room.room.pk, user=room.teacher)
    asker = await open_socket(room.room.pk, pupil=room.pupils[0])
    classmate = await open_socket(room.room.pk, pupil=room.pupils[1])
    professional = await open_socket(room.room.pk, user=room.professional)

    await send(asker, ["question.ask", 1, {"text": "Combien vous gagnez ?"}])

    ack = await receive(asker)
    question = await get_question("Combien vous gagnez ?")
    assert ack == [
        "ack",
        1,
        {"question": question_frame(question, moderator=False)},
    ]
    assert await receive(teacher) == [
        "event",
        1,
        {"kind": "question.asked", "question": question_frame(question, moderator=True)},
    ]
    assert await classmate.receive_nothing(timeout=0.2)
    assert await professional.receive_nothing(timeout=0.05)

    await send(teacher, ["question.approve", "a1", {"question_id": question.pk}])

    teacher_frames = await receive_all(teacher, 2)
    question = await get_question("Combien vous gagnez ?")
    approved = [
        "event",
        2,
        {"kind": "question.approved", "question": question_frame(question, moderator=False)},
    ]
    assert approved[2]["question"]["state"] == "approved"
    assert teacher_frames == [approved, ["ack", "a1", {"question_id": question.pk}]]
    for socket in (asker, classmate, professional):
        assert await receive(socket) == approved
        assert await socket.receive_nothing(timeout=0.05)
    for socket in (teacher, asker, classmate, professional):
        await socket.disconnect()


async def test_slow_mode_allows_a_burst_of_two_then_one_question_per_interval(room, settings):
    settings.LIVE_QUESTION_INTERVAL_S = 0.5
    pupil = await open_socket(room.room.pk, pupil=room.pupils[0])

    for frame_id in (1, 2):
        await send(pupil, ["question.ask", frame_id, {"text": f"Question {frame_id} ?"}])
        assert (await receive(pupil))[:2] == ["ack", frame_id]
    await send(pupil, ["question.ask", 3, {"text": "Question 3 ?"}])
    assert await receive(pupil) == [
        "error",
        3,
        {
            "code": "slow_mode",
            "message": "Doucement ! Tu pourras poser une autre question dans 1 s.",
            "retry_after": 1,
        },
    ]
    await asyncio.sleep(0.55)
    await send(pupil, ["question.ask", 4, {"text": "Question 4 ?"}])
    assert (await receive(pupil))[:2] == ["ack", 4]
    count = await sync_to_async(Question.objects.filter(room=room.room).count)()
    assert count == 3
    await pupil.disconnect()


async def test_a_room_s_requests_go_together_and_each_socket_is_answered_its_own(room, monkeypatch):
    """Frames of several sockets at once: written together (`rooms.requests`), the events told
    in order, each frame answered its own outcome."""
    asker = Member("pupil", pupil_id=room.pupils[2].pk)
    teacher_member = Member("teacher", user_id=room.teacher.pk)
    shown = await sync_to_async(questions.ask)(room_id=room.room.pk, member=asker, text="Dur ?")
    shown_id = shown.reply["question"]["id"]
    await sync_to_async(questions.approve)(
        room_id=room.room.pk, member=teacher_member, question_id=shown_id
    )
    rounds = []
    handle_many = questions.handle_many

    def counted(**arguments):
        rounds.append([name for name, _member, _arguments in arguments["requests"]])
        return handle_many(**arguments)

    monkeypatch.setattr(questions, "handle_many", counted)
    teacher = await open_socket(room.room.pk, user=room.teacher, sync=2)
    pupils = [await open_socket(room.room.pk, pupil=pupil, sync=2) for pupil in room.pupils]

    for n, pupil in enumerate(pupils):
        await send(pupil, ["question.ask", "a", {"text": f"Question {n} ?"}])
    await send(pupils[0], ["question.upvote", "u1", {"question_id": shown_id}])
    await send(pupils[0], ["question.upvote", "u2", {"question_id": shown_id}])

    events = await receive_all(teacher, 4)
    assert [frame[1] for frame in events] == [3, 4, 5, 6]
    assert sorted(frame[2]["kind"] for frame in events) == ["question.asked"] * 3 + [
        "question.upvoted"
    ]
    upvoted = ["event", 3 + [e[2]["kind"] for e in events].index("question.upvoted"),
               {"kind": "question.upvoted", "question_id": shown_id, "upvotes": 1}]  # fmt: skip
    for n, pupil in enumerate(pupils):
        frames = await receive_all(pupil, 4 if n == 0 else 2)
        own = await get_question(f"Question {n} ?")
        assert ["ack", "a", {"question": question_frame(own, moderator=False)}] in frames
        assert upvoted in frames
        if n == 0:
            assert ["ack", "u1", {"upvotes": 1}] in frames
            assert frames[-1] == [
                "error",
                "u2",
                {"code": "already_upvoted", "message": "Tu as déjà voté pour cette question."},
            ]
    # A socket's frames are answered one after the other; different sockets' go together.
    assert sorted(name for names in rounds for name in names) == ["ask"] * 3 + ["upvote"] * 2
    assert max(len(names) for names in rounds) >= 2
    for socket in (teacher, *pupils):
        await socket.disconnect()


async def test_hiding_an_approved_question_tells_everyone_a_pending_one_only_moderators(room):
    teacher = await open_socket(room.room.pk, user=room.teacher)
    pupil = await open_socket(room.room.pk, pupil=room.pupils[0])
    for text in ("Vous travaillez la nuit ?", "C'est dangereux ?"):
        await send(pupil, ["question.ask", text, {"text": text}])
        await receive(pupil)
        await receive(teacher)
    shown = await get_question("Vous travaillez la nuit ?")
    pending = await get_question("C'est dangereux ?")
    await send(teacher, ["question.approve", 1, {"question_id": shown.pk}])
    await receive_all(teacher, 2)
    await receive(pupil)

    await send(teacher, ["question.hide", 2, {"question_id": shown.pk}])
    hidden = ["event", 4, {"kind": "question.hidden", "question_id": shown.pk}]
    assert await receive_all(teacher, 2) == [hidden, ["ack", 2, {"question_id": shown.pk}]]
    assert await receive(pupil) == hidden

    await send(teacher, ["question.hide", 3, {"question_id": pending.pk}])
    assert await receive_all(teacher, 2) == [
        ["event", 5, {"kind": "question.hidden", "question_id": pending.pk}],
        ["ack", 3, {"question_id": pending.pk}],
    ]
    assert await pupil.receive_nothing(timeout=0.2)
    actions = await sync_to_async(list)(
        ModerationAction.objects.order_by("pk").values_list("action", "actor_role", "question_id")
    )
    assert actions == [
        ("approve", "teacher", shown.pk),
        ("hide", "teacher", shown.pk),
        ("hide", "teacher", pending.pk),
    ]
    await teacher.disconnect()
    await pupil.disconnect()


async def test_a_muted_pseudonym_cannot_ask_and_only_moderators_hear_of_it(room):
    organizer = await open_socket(room.room.pk, user=room.organizer)
    muted = await open_socket(room.room.pk, pupil=room.pupils[0])
    classmate = await open_socket(room.room.pk, pupil=room.pupils[1])
    pupil = room.pupils[0]

    await send(organizer, ["pupil.mute", 1, {"pupil_id": pupil.pk}])
    assert await receive_all(organizer, 2) == [
        [
            "event",
            1,
            {
                "kind": "pupil.muted",
                "pupil": {"id": pupil.pk, "pseudonym": pupil.pseudonym},
                "until": None,
            },
        ],
        ["ack", 1, {"pupil_id": pupil.pk}],
    ]
    await send(muted, ["question.ask", 2, {"text": "Je peux encore parler ?"}])
    assert await receive(muted) == [
        "error",
        2,
        {"code": "muted", "message": "Tu ne peux plus poser de questions dans ce direct."},
    ]
    assert await classmate.receive_nothing(timeout=0.2)
    assert await organizer.receive_nothing(timeout=0.05)
    audit = await sync_to_async(list)(
        ModerationAction.objects.values_list("action", "actor_role", "actor_id", "pupil_id")
    )
    assert audit == [("mute", "organizer", room.organizer.pk, pupil.pk)]
    for socket in (organizer, muted, classmate):
        await socket.disconnect()


async def test_contact_details_are_refused_and_the_moderators_told(room):
    teacher = await open_socket(room.room.pk, user=room.teacher)
    pupil = await open_socket(room.room.pk, pupil=room.pupils[0])

    await send(pupil, ["question.ask", 1, {"text": "ajoute moi sur snap kevin_13"}])

    assert await receive(pupil) == [
        "error",
        1,
        {
            "code": "blocked",
            "message": "Pas de coordonnées ici : ni e-mail, ni téléphone, ni lien, ni réseau "
            "social. Ta question n'a pas été envoyée.",
            "reason": "handle",
        },
    ]
    pupil_row = room.pupils[0]
    assert await receive(teacher) == [
        "event",
        1,
        {
            "kind": "question.blocked",
            "pupil": {"id": pupil_row.pk, "pseudonym": pupil_row.pseudonym},
            "reason": "handle",
        },
    ]
    assert not await sync_to_async(Question.objects.exists)()
    await teacher.disconnect()
    await pupil.disconnect()


async def test_reconnecting_with_the_last_id_gets_exactly_the_missed_events(room, settings):
    settings.LIVE_QUESTION_INTERVAL_S = 0.01
    teacher = await open_socket(room.room.pk, user=room.teacher)
    pupil = await open_socket(room.room.pk, pupil=room.pupils[0])
    asker = await open_socket(room.room.pk, pupil=room.pupils[1])

    async def ask_and_approve(text):
        await send(asker, ["question.ask", text, {"text": text}])
        await receive(asker)
        await receive(teacher)
        question = await get_question(text)
        await send(teacher, ["question.approve", text, {"question_id": question.pk}])
        await receive_all(teacher, 2)
        await receive(asker)
        return await get_question(text)

    first = await ask_and_approve("Vous avez fait quelles études ?")
    assert (await receive(pupil))[:2] == ["event", 2]
    await pupil.disconnect()

    # While the pupil is away: two more approved questions, one pending, one upvote.
    second = await ask_and_approve("Vous travaillez le week-end ?")
    third = await ask_and_approve("C'est quoi le CACES ?")
    voter = await open_socket(room.room.pk, pupil=room.pupils[2], sync=6)
    await send(voter, ["question.upvote", "u", {"question_id": second.pk}])
    upvoted = ["event", 7, {"kind": "question.upvoted", "question_id": second.pk, "upvotes": 1}]
    assert await receive_all(voter, 2) == [upvoted, ["ack", "u", {"upvotes": 1}]]
    assert await receive(asker) == upvoted
    await voter.disconnect()
    await send(asker, ["question.ask", "p", {"text": "Vous aimez votre travail ?"}])
    await receive(asker)
    await receive(teacher)

    back = await open_socket(room.room.pk, pupil=room.pupils[0], sync=None)
    await send(back, ["sync", "again", {"last": 2}])
    # The pending question (event 8) is for the moderators only.
    assert await receive_all(back, 4) == [
        [
            "event",
            4,
            {"kind": "question.approved", "question": question_frame(second, moderator=False)},
        ],
        [
            "event",
            6,
            {"kind": "question.approved", "question": question_frame(third, moderator=False)},
        ],
        ["event", 7, {"kind": "question.upvoted", "question_id": second.pk, "upvotes": 1}],
        ["ack", "again", {"replayed": 3}],
    ]
    assert await back.receive_nothing(timeout=0.2)

    # A moderator syncing from the start gets all eight events, moderator-only ones included.
    moderator = await open_socket(room.room.pk, user=room.organizer, sync=None)
    await send(moderator, ["sync", 1, {"last": 0}])
    frames = await receive_all(moderator, 9)
    assert [f[1] for f in frames] == [1, 2, 3, 4, 5, 6, 7, 8, 1]
    assert frames[-1] == ["ack", 1, {"replayed": 8}]
    assert first.pk == frames[0][2]["question"]["id"]
    for socket in (teacher, asker, back, moderator):
        await socket.disconnect()


async def test_events_during_the_sync_come_once_after_the_replay(room):
    teacher = await open_socket(room.room.pk, user=room.teacher)
    asker = await open_socket(room.room.pk, pupil=room.pupils[1])
    await send(asker, ["question.ask", 1, {"text": "Vous portez quoi ?"}])
    await receive(asker)
    await receive(teacher)
    question = await get_question("Vous portez quoi ?")
    await send(teacher, ["question.approve", 1, {"question_id": question.pk}])
    await receive_all(teacher, 2)

    # Connected, not yet synced: the live event waits behind the replay.
    late = await open_socket(room.room.pk, pupil=room.pupils[0], sync=None)
    voter = await open_socket(room.room.pk, pupil=room.pupils[2], sync=2)
    await send(voter, ["question.upvote", 2, {"question_id": question.pk}])
    await receive_all(voter, 2)
    await asyncio.sleep(0.1)
    await send(late, ["sync", "s", {"last": 0}])
    frames = await receive_all(late, 3)
    assert [(f[0], f[1]) for f in frames] == [("event", 2), ("ack", "s"), ("event", 3)]
    assert frames[2] == [
        "event",
        3,
        {"kind": "question.upvoted", "question_id": question.pk, "upvotes": 1},
    ]
    assert await late.receive_nothing(timeout=0.2)
    for socket in (teacher, asker, late, voter):
        await socket.disconnect()


@pytest.mark.parametrize("who", ["outsider", "anonymous", "stranger"])
async def test_who_is_not_of_the_class_is_turned_away_with_4404(room, who):
    identity = {
        "outsider": {"pupil": room.outsider},
        "anonymous": {},
        "stranger": {"user": await sync_to_async(UserFactory)()},
    }[who]
    key = await sync_to_async(_session)(**identity)
    communicator = WebsocketCommunicator(
        application,
        f"/ws/live/{room.room.pk}/",
        headers=[ORIGIN, HOST, (b"cookie", f"sessionid={key}".encode())],
    )
    connected, _ = await communicator.connect()
    assert connected
    assert await communicator.receive_output() == {"type": "websocket.close", "code": 4404}


async def test_a_session_signed_in_before_the_password_changed_is_turned_away_4404(room):
    """The account is read from the session as Django reads it for a page: a session whose
    account's password changed since (its hash no longer matches) is nobody's."""
    key = await sync_to_async(_session)(user=room.teacher)

    def change_password():
        room.teacher.set_password("un autre mot de passe")
        room.teacher.save()

    await sync_to_async(change_password)()
    communicator = WebsocketCommunicator(
        application,
        f"/ws/live/{room.room.pk}/",
        headers=[ORIGIN, HOST, (b"cookie", f"sessionid={key}".encode())],
    )
    connected, _ = await communicator.connect()
    assert connected
    assert await communicator.receive_output() == {"type": "websocket.close", "code": 4404}


async def test_a_room_that_does_not_exist_is_4404(room):
    key = await sync_to_async(_session)(user=room.organizer)
    communicator = WebsocketCommunicator(
        application,
        f"/ws/live/{room.room.pk + 1000}/",
        headers=[ORIGIN, HOST, (b"cookie", f"sessionid={key}".encode())],
    )
    await communicator.connect()
    assert await communicator.receive_output() == {"type": "websocket.close", "code": 4404}


async def test_malformed_frames_get_an_error_and_the_connection_survives(room):
    pupil = await open_socket(room.room.pk, pupil=room.pupils[0])
    malformed = "Trame illisible : on attend [action, id, {…}] en JSON."
    cases = [
        ("pas du json", ["error", None, {"code": "malformed", "message": malformed}]),
        ("[1, 2]", ["error", None, {"code": "malformed", "message": malformed}]),
        ('{"action": "sync"}', ["error", None, {"code": "malformed", "message": malformed}]),
        ('["question.ask", 7, "texte"]', ["error", 7, {"code": "malformed", "message": malformed}]),
        (
            '["question.ask", 8, {}]',
            ["error", 8, {"code": "empty", "message": "La question est vide."}],
        ),
        (
            '["question.ask", 9, {"text": 12}]',
            ["error", 9, {"code": "invalid", "message": "La question doit être un texte."}],
        ),
        (
            '["nope", 10, {}]',
            ["error", 10, {"code": "unknown_action", "message": "Action inconnue."}],
        ),
        (
            '["question.approve", 11, {"question_id": 1}]',
            [
                "error",
                11,
                {"code": "forbidden", "message": "Seuls les modérateurs peuvent faire cela."},
            ],
        ),
        (
            '["question.upvote", 12, {"question_id": "x"}]',
            ["error", 12, {"code": "not_found", "message": "Cette question n'existe pas."}],
        ),
        (
            '["sync", 13, {"last": -1}]',
            ["error", 13, {"code": "invalid", "message": "« last » doit être un entier positif."}],
        ),
        ('["question.ask", 14, {"text": "' + "a" * 201 + '"}]', ["error", 14, None]),
    ]
    for text, expected in cases:
        await pupil.send_to(text_data=text)
        frame = await receive(pupil)
        if expected[2] is None:
            assert frame[:2] == expected[:2], text
        else:
            assert frame == expected, text
    assert frame[2]["code"] == "too_long"
    await send(pupil, ["sync", "ok", {"last": 0}])
    assert await receive(pupil) == ["ack", "ok", {"replayed": 0}]
    await pupil.disconnect()


async def test_a_lost_broadcast_is_fetched_from_the_database(room):
    """A publisher that stored an event but never broadcast it (it crashed, or pub/sub lost it):
    the next event reveals the gap and the hub reads the missing one from the database."""
    pupil = await open_socket(room.room.pk, pupil=room.pupils[0])
    teacher_member = Member("teacher", user_id=room.teacher.pk)
    asker = Member("pupil", pupil_id=room.pupils[1].pk, pseudonym="x")
    for text in ("Première ?", "Seconde ?"):
        await sync_to_async(questions.ask)(room_id=room.room.pk, member=asker, text=text)
    lost = await sync_to_async(questions.approve)(
        room_id=room.room.pk,
        member=teacher_member,
        question_id=(await get_question("Première ?")).pk,
    )
    sent = await sync_to_async(questions.approve)(
        room_id=room.room.pk,
        member=teacher_member,
        question_id=(await get_question("Seconde ?")).pk,
    )
    assert [e.seq for e in lost.events + sent.events] == [3, 4]
    await get_hub().publish(sent.events)  # event 3 is never published
    frames = await receive_all(pupil, 2)
    assert frames == [json.loads(lost.events[0].frame), json.loads(sent.events[0].frame)]
    assert await pupil.receive_nothing(timeout=0.2)
    await pupil.disconnect()


async def _open_with(room_id, key) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(
        application,
        f"/ws/live/{room_id}/",
        headers=[ORIGIN, HOST, (b"cookie", f"sessionid={key}".encode())],
    )
    connected, _ = await communicator.connect()
    assert connected
    return communicator


def _hub_sockets(room_id) -> set:
    local = get_hub().rooms.get(room_id)
    return set() if local is None else local.everyone | local.moderators


@pytest.mark.parametrize("end", ["crash", "cancel"])
async def test_a_socket_that_crashes_or_is_cancelled_leaves_the_hub(room, monkeypatch, end):
    from usine.live.consumers import RoomSocket

    staying = await open_socket(room.room.pk, pupil=room.pupils[1])
    (kept,) = _hub_sockets(room.room.pk)
    ending = await open_socket(room.room.pk, pupil=room.pupils[0])
    assert len(_hub_sockets(room.room.pk)) == 2
    if end == "crash":

        async def crash(self, text):
            raise RuntimeError("a bug past the dispatcher")

        monkeypatch.setattr(RoomSocket, "answer", crash)
        await send(ending, ["sync", 1, {"last": 0}])
        with pytest.raises(RuntimeError):
            await ending.receive_output(timeout=3)
    else:  # the server stops the socket's task (shutdown, a lost client)
        ending.future.cancel()
        await asyncio.sleep(0.05)
    assert _hub_sockets(room.room.pk) == {kept}
    await staying.disconnect()
    assert _hub_sockets(room.room.pk) == set()


async def test_a_pupil_holds_three_room_sockets_the_fourth_is_closed_4429(room):
    sockets_open = [await open_socket(room.room.pk, pupil=room.pupils[0]) for _ in range(3)]
    key = await sync_to_async(_session)(pupil=room.pupils[0])  # even from a new session
    extra = await _open_with(room.room.pk, key)
    assert await extra.receive_output() == {"type": "websocket.close", "code": 4429}
    assert len(_hub_sockets(room.room.pk)) == 3
    await sockets_open.pop().disconnect()
    again = await _open_with(room.room.pk, key)
    await send(again, ["sync", "s", {"last": 0}])
    assert (await receive(again))[0] == "ack"
    for communicator in [*sockets_open, again]:
        await communicator.disconnect()
    assert _hub_sockets(room.room.pk) == set()


# --- A professional replaced during the exchange ------------------------------------------------

DISMISSED = [
    "dismissed",
    None,
    {
        "message": "Un·e autre professionnel·le mène désormais cet échange : la salle se ferme "
        "pour vous. Merci pour votre disponibilité."
    },
]


def _replace_professional(room: LiveRoom, user) -> None:
    with transaction.atomic():
        set_professional(room=LiveRoom.objects.get(pk=room.pk), user_id=user.pk)


async def test_a_replaced_professional_is_told_at_once_and_their_socket_closed(room):
    professional = await open_socket(room.room.pk, user=room.professional)
    teacher = await open_socket(room.room.pk, user=room.teacher)
    backup = await sync_to_async(UserFactory)()

    await sync_to_async(_replace_professional)(room.room, backup)

    assert await receive(professional) == DISMISSED
    assert await professional.receive_output(timeout=2) == {
        "type": "websocket.close",
        "code": 4410,
    }
    # The teacher stays, and the backup comes in.
    await send(teacher, ["sync", "again", {"last": 0}])
    assert (await receive(teacher))[0] == "ack"
    newcomer = await open_socket(room.room.pk, user=backup)
    await newcomer.disconnect()
    await teacher.disconnect()


async def test_a_replaced_professional_cannot_come_back_in(room):
    backup = await sync_to_async(UserFactory)()
    await sync_to_async(_replace_professional)(room.room, backup)
    key = await sync_to_async(_session)(user=room.professional)
    communicator = WebsocketCommunicator(
        application,
        f"/ws/live/{room.room.pk}/",
        headers=[ORIGIN, HOST, (b"cookie", f"sessionid={key}".encode())],
    )

    await communicator.connect()

    assert await communicator.receive_output() == {"type": "websocket.close", "code": 4404}


async def test_a_missed_dismissal_is_caught_at_the_next_heartbeat(room, monkeypatch):
    monkeypatch.setattr(presence, "HEARTBEAT_SECONDS", 0.2)
    professional = await open_socket(room.room.pk, user=room.professional)
    # Changed behind the service's back: no message on the channel layer.
    backup = await sync_to_async(UserFactory)()
    await sync_to_async(LiveRoom.objects.filter(pk=room.room.pk).update)(professional=backup)

    assert await receive(professional) == DISMISSED
    assert await professional.receive_output(timeout=2) == {
        "type": "websocket.close",
        "code": 4410,
    }


async def test_the_same_professional_set_again_keeps_their_socket(room):
    professional = await open_socket(room.room.pk, user=room.professional)

    await sync_to_async(_replace_professional)(room.room, room.professional)

    assert await professional.receive_nothing(timeout=0.5)
    await professional.disconnect()


async def test_a_process_writes_its_members_presence_together_and_only_professionals_beat(room):
    """The room sockets of a process are marked seen together (rooms/attendance.py), not each
    on a task of its own: only a professional's socket keeps one, to notice a missed dismissal."""
    teacher = await open_socket(room.room.pk, user=room.teacher)
    organizer = await open_socket(room.room.pk, user=room.organizer)
    pupils = [await open_socket(room.room.pk, pupil=pupil) for pupil in room.pupils[:2]]
    professional = await open_socket(room.room.pk, user=room.professional)
    attendance = get_attendance()
    await attendance.writing
    beating = [task for task in asyncio.all_tasks() if "heartbeat" in task.get_coro().__qualname__]
    assert len(beating) == 1
    long_ago = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    await sync_to_async(RoomPresence.objects.update)(last_seen_at=long_ago)
    attendance.beat.cancel()
    attendance._heartbeat()
    await attendance.writing
    seen = await sync_to_async(
        lambda: sorted(RoomPresence.objects.values_list("user_id", "last_seen_at"))
    )()
    assert [user for user, _at in seen] == sorted(
        user.pk for user in (room.teacher, room.organizer, room.professional)
    )
    assert len({at for _user, at in seen}) == 1  # one write
    assert seen[0][1] > long_ago
    await teacher.disconnect()
    gone = await sync_to_async(RoomPresence.objects.get)(user=room.teacher)
    assert gone.last_seen_at is None
    for communicator in (organizer, *pupils, professional):
        await communicator.disconnect()
