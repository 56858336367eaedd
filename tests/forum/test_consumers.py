"""A Forum talk's socket through the real ASGI application: who gets which frames, batched
snapshots rather than a frame per vote, live captions, bad frames."""

import asyncio
import json
import math
import random
import threading
import time

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connections

from tests.forum.audience import LiveTalk
from tests.schools.helpers import seated_session
from tests.test_sockets import fuzzed_frames
from usine import sockets
from usine.asgi import application
from usine.forum import questions, rooms
from usine.forum.models import AudienceQuestion, CaptionCue

pytestmark = pytest.mark.django_db(transaction=True)

ORIGIN = (b"origin", b"http://localhost")
HOST = (b"host", b"localhost")


@pytest.fixture(autouse=True)
def fast(settings, monkeypatch):
    monkeypatch.setattr(rooms, "SNAPSHOT_INTERVAL_S", 0.2)
    monkeypatch.setattr(rooms, "CAPTION_INTERVAL_S", 0.05)


@pytest.fixture(autouse=True)
async def close_rooms_and_connections():
    yield
    await rooms.get_rooms().close()
    await sync_to_async(connections.close_all)()


@pytest.fixture
async def live():
    return await sync_to_async(LiveTalk)()


def user_session(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return session.session_key


async def open_socket(talk_id, *, user=None, pupil=None) -> WebsocketCommunicator:
    """A connected socket, its `me` frame read (and checked: it comes first or after the
    snapshot)."""
    headers = [ORIGIN, HOST]
    if user is not None:
        key = await sync_to_async(user_session)(user)
        headers.append((b"cookie", f"sessionid={key}".encode()))
    elif pupil is not None:
        key = await sync_to_async(seated_session)(pupil)
        headers.append((b"cookie", f"sessionid={key}".encode()))
    communicator = WebsocketCommunicator(application, f"/ws/forum/{talk_id}/", headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def receive(communicator, timeout=2):
    return json.loads(await communicator.receive_from(timeout=timeout))


async def next_frame(communicator, action, *, timeout=3):
    """The next frame of that action, past the others."""
    async with asyncio.timeout(timeout):
        while True:
            frame = await receive(communicator, timeout=timeout)
            if frame[0] == action:
                return frame


async def frames_within(communicator, seconds: float) -> list:
    """Every frame the socket receives in the next `seconds`."""
    frames = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    # receive_nothing, not a timed-out receive_from: that one cancels the application.
    while (left := deadline - loop.time()) > 0:
        if await communicator.receive_nothing(timeout=left):
            break
        frames.append(json.loads(await communicator.receive_from()))
    return frames


async def send(communicator, frame):
    await communicator.send_to(text_data=json.dumps(frame))


async def answer(communicator, frame_id, *, timeout=2):
    """The ack or error answering `frame_id`, past the frames pushed meanwhile."""
    while True:
        frame = await receive(communicator, timeout=timeout)
        if frame[0] in ("ack", "error") and frame[1] == frame_id:
            return frame


EMPTY = {"questions": [], "recent": [], "approved": 0}


async def test_on_connecting_each_gets_the_snapshot_and_who_they_are(live):
    reader = await open_socket(live.talk.pk)
    assert await receive(reader) == ["questions", 1, {"talk": live.talk.pk, **EMPTY}]
    assert await receive(reader) == ["me", None, {"role": "reader", "questions": [], "upvoted": []}]

    pupil = await open_socket(live.talk.pk, pupil=live.pupil_row)
    assert await receive(pupil) == ["questions", 1, {"talk": live.talk.pk, **EMPTY}]
    assert (await receive(pupil))[:3] == [
        "me",
        None,
        {"role": "pupil", "questions": [], "upvoted": []},
    ]
    assert await reader.receive_nothing(timeout=0.3)
    for socket in (reader, pupil):
        await socket.disconnect()


async def test_a_question_reaches_the_audience_only_once_an_organizer_approved_it(live):
    organizer = await open_socket(live.talk.pk, user=live.organizer_user)
    pupil = await open_socket(live.talk.pk, pupil=live.pupil_row)
    reader = await open_socket(live.talk.pk)
    await next_frame(reader, "me")

    await send(pupil, ["question.ask", 1, {"text": "Vous travaillez en équipe ?"}])
    ack = await answer(pupil, 1)
    question_id = ack[2]["id"]
    assert ack == [
        "ack",
        1,
        {
            "id": question_id,
            "text": "Vous travaillez en équipe ?",
            "state": "pending",
            "author": "Loutre bleue",
        },
    ]
    queue = await next_frame(organizer, "queue")
    while not queue[2]["pending"]:
        queue = await next_frame(organizer, "queue")
    assert queue[2]["pending"] == [
        {
            "id": question_id,
            "text": "Vous travaillez en équipe ?",
            "author": "Loutre bleue",
            "class": "3e B, Lycée Henri-IV",
            "upvotes": 0,
            "pinned": False,
            "answered": False,
            "flag": "",
            "pupil": True,
            "muted": False,
        }
    ]
    # The audience's state did not change: no frame for it.
    assert await reader.receive_nothing(timeout=0.5)

    await send(organizer, ["question.approve", "a", {"question_id": question_id}])
    assert await answer(organizer, "a") == ["ack", "a", {"question_id": question_id}]
    snapshot = await next_frame(reader, "questions")
    assert [q["text"] for q in snapshot[2]["questions"]] == ["Vous travaillez en équipe ?"]
    assert snapshot[2]["approved"] == 1

    # The organizer mutes the asker: the pupil's next question is refused.
    await send(organizer, ["question.mute", "m", {"question_id": question_id, "minutes": 10}])
    assert (await answer(organizer, "m"))[0] == "ack"
    await send(pupil, ["question.ask", 2, {"text": "Et encore ?"}])
    assert (await answer(pupil, 2))[2]["code"] == "muted"
    for socket in (organizer, pupil, reader):
        await socket.disconnect()


async def test_votes_reach_the_audience_in_batches_not_one_frame_each(live, settings, monkeypatch):
    monkeypatch.setattr(rooms, "SNAPSHOT_INTERVAL_S", 0.5)
    asked = await sync_to_async(questions.ask)(
        talk_id=live.talk.pk, attendee=live.adult, text="Les salaires ?"
    )
    await sync_to_async(questions.approve)(
        talk_id=live.talk.pk, attendee=live.organizer, question_id=asked["id"]
    )
    reader = await open_socket(live.talk.pk)
    await next_frame(reader, "me")
    voters = await sync_to_async(lambda: [LiveTalk().adult for _ in range(30)])()

    def vote_all():
        for voter in voters:
            questions.upvote(talk_id=live.talk.pk, attendee=voter, question_id=asked["id"])

    # Thirty votes from "another process" (straight to the database): the socket reads the
    # state at its interval, one frame per interval at most.
    started = time.monotonic()
    await sync_to_async(vote_all)()
    elapsed = time.monotonic() - started
    frames = await frames_within(reader, 1.5)
    assert 1 <= len(frames) <= math.ceil(elapsed / rooms.SNAPSHOT_INTERVAL_S) + 1 < 30
    assert [frame[0] for frame in frames] == ["questions"] * len(frames)
    assert frames[-1][2]["questions"][0]["upvotes"] == 30
    await reader.disconnect()


async def test_votes_of_the_sockets_are_written_in_one_batch(live, monkeypatch):
    asked = await sync_to_async(questions.ask)(
        talk_id=live.talk.pk, attendee=live.organizer, text="Les salaires ?"
    )
    await sync_to_async(questions.approve)(
        talk_id=live.talk.pk, attendee=live.organizer, question_id=asked["id"]
    )
    batches = []
    upvote_many = questions.upvote_many

    def counted(*, talk_id, votes):
        batches.append(len(votes))
        return upvote_many(talk_id=talk_id, votes=votes)

    monkeypatch.setattr(questions, "upvote_many", counted)
    adult = await open_socket(live.talk.pk, user=live.adult_user)
    pupil = await open_socket(live.talk.pk, pupil=live.pupil_row)
    vote = ["question.upvote", 1, {"question_id": asked["id"]}]
    await send(adult, vote)
    await send(pupil, vote)
    await send(pupil, [*vote[:1], 2, vote[2]])

    assert await answer(adult, 1) == ["ack", 1, {"question_id": asked["id"]}]
    assert await answer(pupil, 1) == ["ack", 1, {"question_id": asked["id"]}]
    refused = await answer(pupil, 2)
    assert refused[2]["code"] == "already_upvoted"
    # The pupil's second vote did not wait for the first's answer: one batch, refused in it.
    assert batches == [3]
    assert await sync_to_async(lambda: AudienceQuestion.objects.get().upvotes)() == 2
    for socket in (adult, pupil):
        await socket.disconnect()


async def test_an_organizers_decisions_are_written_together_in_their_order(live, monkeypatch):
    another = await sync_to_async(lambda: LiveTalk().adult)()
    asked = [
        await sync_to_async(questions.ask)(
            talk_id=live.talk.pk, attendee=attendee, text=f"Question {n} ?"
        )
        for n, attendee in enumerate((live.adult, live.pupil, another))
    ]
    batches = []
    moderate_many = questions.moderate_many
    decide = rooms.TalkRoom.decide
    all_received = threading.Event()

    def received(room, *args, **kwargs):
        future = decide(room, *args, **kwargs)
        if len(room.decisions.items) == 4:  # the first is being written, the others wait
            all_received.set()
        return future

    def counted(*, talk_id, decisions):
        # The first write lasts until the others came, as a slow database's would.
        assert all_received.wait(timeout=10)
        batches.append([name for name, _attendee, _arguments in decisions])
        return moderate_many(talk_id=talk_id, decisions=decisions)

    monkeypatch.setattr(rooms.TalkRoom, "decide", received)
    monkeypatch.setattr(questions, "moderate_many", counted)
    organizer = await open_socket(live.talk.pk, user=live.organizer_user)
    first, second, third = (question["id"] for question in asked)
    sent = [
        ["question.approve", 1, {"question_id": first}],
        ["question.pin", 2, {"question_id": first}],  # needs the approval before it
        ["question.approve", 3, {"question_id": second}],
        ["question.hide", 4, {"question_id": third}],
        ["question.approve", 5, {"question_id": third}],  # hidden just before: refused
    ]
    for frame in sent:
        await send(organizer, frame)

    # A loaded machine writes a batch in seconds.
    answers = [await answer(organizer, n, timeout=10) for n in range(1, 6)]
    assert answers[:4] == [
        ["ack", 1, {"question_id": first}],
        ["ack", 2, {"question_id": first}],
        ["ack", 3, {"question_id": second}],
        ["ack", 4, {"question_id": third}],
    ]
    assert answers[4][2]["code"] == "invalid_state"
    # Not one write per decision, one after the other: those that came while one was written
    # went together, in their order.
    assert batches == [["approve"], ["pin", "approve", "hide", "approve"]]
    snapshot = (await next_frame(organizer, "questions", timeout=10))[2]
    while snapshot["approved"] < 2:
        snapshot = (await next_frame(organizer, "questions", timeout=10))[2]
    assert [(row["id"], row["pinned"]) for row in snapshot["questions"]] == [
        (first, True),
        (second, False),
    ]
    await organizer.disconnect()


async def test_a_reader_cannot_ask_nor_vote_nor_moderate(live):
    reader = await open_socket(live.talk.pk)
    await send(reader, ["question.ask", 1, {"text": "Bonjour ?"}])
    assert await answer(reader, 1) == [
        "error",
        1,
        {"code": "forbidden", "message": "Connectez-vous pour poser une question."},
    ]
    await send(reader, ["caption.add", 2, {"text": "Bonjour"}])
    assert (await answer(reader, 2))[2]["code"] == "forbidden"
    assert await sync_to_async(AudienceQuestion.objects.count)() == 0
    await reader.disconnect()


async def test_a_typed_caption_reaches_every_viewer_within_a_second(live):
    organizer = await open_socket(live.talk.pk, user=live.organizer_user)
    reader = await open_socket(live.talk.pk)
    await next_frame(reader, "me")

    await send(organizer, ["caption.add", 1, {"text": "Bonjour à toutes et à tous."}])
    ack = await answer(organizer, 1)
    caption = await next_frame(reader, "caption", timeout=1)

    assert caption == ["caption", None, ack[2]]
    assert ack[2]["text"] == "Bonjour à toutes et à tous."
    assert await sync_to_async(CaptionCue.objects.count)() == 1
    # Read once: never twice.
    assert await reader.receive_nothing(timeout=0.5)
    for socket in (organizer, reader):
        await socket.disconnect()


async def test_a_caption_typed_in_another_process_arrives_too(live):
    reader = await open_socket(live.talk.pk)
    await next_frame(reader, "me")
    from usine.forum import captions

    cue = await sync_to_async(captions.add_live)(
        talk_id=live.talk.pk, attendee=live.organizer, text="Deuxième ligne."
    )
    assert await next_frame(reader, "caption", timeout=1) == ["caption", None, cue]
    await reader.disconnect()


async def test_a_talk_that_does_not_exist_is_4404(live):
    communicator = WebsocketCommunicator(
        application, f"/ws/forum/{live.talk.pk + 1000}/", headers=[ORIGIN, HOST]
    )
    connected, _ = await communicator.connect()
    assert connected
    assert await communicator.receive_output(timeout=2) == {
        "type": "websocket.close",
        "code": sockets.CLOSE_NOT_FOUND,
    }


async def test_malformed_frames_get_an_error_and_the_socket_survives(live):
    pupil = await open_socket(live.talk.pk, pupil=live.pupil_row)
    await next_frame(pupil, "me")
    cases = [
        ("pas du json", None, "malformed"),
        ('["question.ask", 7, "texte"]', 7, "malformed"),
        ('["question.ask", 8, {}]', 8, "empty"),
        ('["question.ask", 9, {"text": 12}]', 9, "invalid"),
        ('["nope", 10, {}]', 10, "unknown_action"),
        ('["question.approve", 11, {"question_id": 1}]', 11, "forbidden"),
        ('["question.upvote", 12, {"question_id": "x"}]', 12, "not_found"),
        ('["question.upvote", 13, {"question_id": true}]', 13, "not_found"),
        ('["caption.add", 14, {"text": "x"}]', 14, "forbidden"),
        ('["question.ask", 15, {"text": "' + "a" * 201 + '"}]', 15, "too_long"),
    ]
    for text, frame_id, code in cases:
        await pupil.send_to(text_data=text)
        frame = await receive(pupil)
        while frame[0] not in ("error", "ack"):
            frame = await receive(pupil)
        assert frame[:2] == ["error", frame_id], text
        assert frame[2]["code"] == code, text
    await send(pupil, ["question.ask", "ok", {"text": "Toujours là ?"}])
    assert (await answer(pupil, "ok"))[0] == "ack"
    await pupil.disconnect()


FORUM_ACTIONS = [
    "question.ask",
    "question.upvote",
    "question.approve",
    "question.hide",
    "question.pin",
    "question.unpin",
    "question.answer",
    "caption.add",
]


def forum_frames(seed: int) -> list:
    """The shared fuzzed frames, their actions swapped for this socket's."""
    rng = random.Random(seed)
    frames = []
    for sent in fuzzed_frames(seed, count=400):
        if isinstance(sent, str):
            try:
                value = json.loads(sent)
            except (ValueError, RecursionError):
                value = None
            if isinstance(value, list) and len(value) == 3 and rng.random() < 0.8:
                value[0] = rng.choice(FORUM_ACTIONS)
                sent = json.dumps(value)
        frames.append(sent)
    return frames


async def throw(communicator, frames):
    for sent in frames:
        field = "bytes" if isinstance(sent, bytes) else "text"
        await communicator.send_input({"type": "websocket.receive", field: sent})
    await communicator.send_to(text_data='["no.such.action", "still", {}]')
    while True:
        output = await communicator.receive_output(timeout=30)
        assert output["type"] == "websocket.send", output
        frame = json.loads(output["text"])
        if frame[0] == "error":
            assert frame[2]["code"] != "server_error", frame
        if frame[:2] == ["error", "still"]:
            return


async def test_fuzzed_frames_crash_no_socket_and_leave_no_viewer_behind(live, settings):
    settings.LIVE_QUESTION_INTERVAL_S = 0.001
    observer = await open_socket(live.talk.pk)
    await next_frame(observer, "me")
    room = rooms.get_rooms().rooms[live.talk.pk]
    (watching,) = room.viewers
    for seed, identity in enumerate(
        [{"pupil": live.pupil_row}, {"user": live.adult_user}, {"user": live.organizer_user}, {}]
    ):
        communicator = await open_socket(live.talk.pk, **identity)
        await throw(communicator, forum_frames(seed))
        await communicator.disconnect()
        assert room.viewers == {watching}, identity
    assert not watching.closed
    await observer.disconnect()
