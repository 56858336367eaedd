"""The question and moderation services: what they store, number and refuse."""

import datetime
import json
import threading

import pytest
from django.db import connection
from django.utils import timezone

from tests.schools.factories import BookingFactory, PupilFactory
from tests.users.factories import UserFactory
from usine.live import questions
from usine.live.access import Member
from usine.live.models import LiveRoom, ModerationAction, Mute, Question, RoomEvent, Upvote
from usine.live.questions import ModerationError
from usine.schools.models import Pupil

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2031, 11, 24, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def room():
    return LiveRoom.objects.create(booking=BookingFactory())


@pytest.fixture
def pupil(room):
    return PupilFactory(school_class=room.booking.school_class)


@pytest.fixture
def teacher(room):
    return Member("teacher", user_id=room.booking.school_class.teacher.user_id)


def as_pupil(pupil) -> Member:
    return Member("pupil", pupil_id=pupil.pk, pseudonym=pupil.pseudonym)


def ask(room, pupil, text, *, now=NOW):
    return questions.ask(room_id=room.pk, member=as_pupil(pupil), text=text, now=now)


def test_a_question_is_stored_pending_and_told_to_the_moderators_only(room, pupil):
    outcome = ask(room, pupil, "  Est-ce que c'est dur   physiquement ?  ")

    question = Question.objects.get()
    assert (question.text, question.state, question.flag, question.author) == (
        "Est-ce que c'est dur physiquement ?",
        "pending",
        "",
        pupil,
    )
    [event] = outcome.events
    assert (event.seq, event.audience) == (1, "moderators")
    assert json.loads(event.frame) == [
        "event",
        1,
        {
            "kind": "question.asked",
            "question": {
                "id": question.pk,
                "text": "Est-ce que c'est dur physiquement ?",
                "pseudonym": pupil.pseudonym,
                "state": "pending",
                "upvotes": 0,
                "asked_at": question.created_at.isoformat(),
                "pupil_id": pupil.pk,
                "flag": "",
            },
        },
    ]
    stored = RoomEvent.objects.get()
    assert (stored.seq, stored.kind, stored.audience, stored.pupil) == (
        1,
        "question.asked",
        "moderators",
        pupil,
    )
    room.refresh_from_db()
    assert room.last_event_seq == 1


def test_an_insult_is_kept_for_the_moderators_flagged_and_logged(room, pupil):
    ask(room, pupil, "c0nnard")

    question = Question.objects.get()
    assert (question.state, question.flag) == ("pending", "insult")
    assert list(ModerationAction.objects.values_list("action", "actor_role", "reason")) == [
        ("filter_flag", "filter", "insult")
    ]


def test_contact_details_are_refused_but_logged_without_the_text(room, pupil):
    outcome = ask(room, pupil, "mon num 06 12 34 56 78")

    assert not Question.objects.exists()
    assert outcome.refusal.code == "blocked"
    assert outcome.refusal.details == {"reason": "phone"}
    assert list(ModerationAction.objects.values_list("action", "pupil", "reason")) == [
        ("filter_block", pupil.pk, "phone")
    ]
    assert list(RoomEvent.objects.values_list("kind", "audience", "payload")) == [
        (
            "question.blocked",
            "moderators",
            {"pupil": {"id": pupil.pk, "pseudonym": pupil.pseudonym}, "reason": "phone"},
        )
    ]


def test_slow_mode_is_a_bucket_of_two_refilled_one_per_ten_seconds(room, pupil):
    ask(room, pupil, "Première ?")
    ask(room, pupil, "Deuxième ?", now=NOW + datetime.timedelta(seconds=1))
    with pytest.raises(ModerationError) as refused:
        ask(room, pupil, "Troisième ?", now=NOW + datetime.timedelta(seconds=2))
    assert (refused.value.code, refused.value.details) == ("slow_mode", {"retry_after": 8})
    ask(room, pupil, "Troisième ?", now=NOW + datetime.timedelta(seconds=11))
    with pytest.raises(ModerationError):
        ask(room, pupil, "Quatrième ?", now=NOW + datetime.timedelta(seconds=12))
    assert Question.objects.count() == 3


def test_refused_contact_details_use_up_the_slow_mode_too(room, pupil):
    ask(room, pupil, "snap : kevin_13")
    ask(room, pupil, "insta kevin_13")
    with pytest.raises(ModerationError) as refused:
        ask(room, pupil, "Vous travaillez la nuit ?")
    assert refused.value.code == "slow_mode"


def test_a_phone_number_split_across_two_questions_is_refused(room, pupil):
    first = ask(room, pupil, "Vous avez un numéro ? le mien c'est 06 12 34")
    assert first.refusal is None
    second = ask(room, pupil, "56 78 appelez moi", now=NOW + datetime.timedelta(seconds=20))
    assert second.refusal.code == "blocked"
    # Long after, the same digits are another question.
    Question.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=10))
    later = ask(room, pupil, "56 78 ans de carrière ?", now=NOW + datetime.timedelta(minutes=10))
    assert later.refusal is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("\x00", "empty"),
        ("\x00\x07 \x1b", "empty"),
        ("a" * 201, "too_long"),
        (None, "empty"),
    ],
)
def test_bad_text_is_refused_and_nothing_stored(room, pupil, text, code):
    with pytest.raises(ModerationError) as refused:
        ask(room, pupil, text)
    assert refused.value.code == code
    assert not RoomEvent.objects.exists()
    assert not Question.objects.exists()


def test_only_pupils_ask_and_only_moderators_moderate(room, pupil, teacher):
    professional = Member("professional", user_id=UserFactory().pk)
    with pytest.raises(ModerationError) as refused:
        questions.ask(room_id=room.pk, member=teacher, text="Question ?")
    assert refused.value.code == "forbidden"
    ask(room, pupil, "Question ?")
    question = Question.objects.get()
    for member in (as_pupil(pupil), professional):
        with pytest.raises(ModerationError) as refused:
            questions.approve(room_id=room.pk, member=member, question_id=question.pk)
        assert refused.value.code == "forbidden"


def test_approve_then_hide_and_their_audiences(room, pupil, teacher):
    ask(room, pupil, "Combien vous gagnez ?")
    question = Question.objects.get()

    approved = questions.approve(room_id=room.pk, member=teacher, question_id=question.pk)
    assert [(e.seq, e.audience) for e in approved.events] == [(2, "everyone")]
    with pytest.raises(ModerationError) as refused:
        questions.approve(room_id=room.pk, member=teacher, question_id=question.pk)
    assert refused.value.code == "invalid_state"

    hidden = questions.hide(room_id=room.pk, member=teacher, question_id=question.pk)
    assert [(e.seq, e.audience) for e in hidden.events] == [(3, "everyone")]
    question.refresh_from_db()
    assert question.state == "hidden"

    ask(room, pupil, "Autre ?", now=NOW + datetime.timedelta(seconds=5))
    pending = Question.objects.get(text="Autre ?")
    hidden = questions.hide(room_id=room.pk, member=teacher, question_id=pending.pk)
    assert [(e.seq, e.audience) for e in hidden.events] == [(5, "moderators")]
    assert list(ModerationAction.objects.order_by("pk").values_list("action", flat=True)) == [
        "approve",
        "hide",
        "hide",
    ]


def test_a_question_of_another_room_is_not_found(room, pupil, teacher):
    other = LiveRoom.objects.create(booking=BookingFactory())
    ask(room, pupil, "Question ?")
    with pytest.raises(ModerationError) as refused:
        questions.approve(room_id=other.pk, member=teacher, question_id=Question.objects.get().pk)
    assert refused.value.code == "not_found"


def test_a_mute_for_some_minutes_ends(room, pupil, teacher):
    questions.mute(room_id=room.pk, member=teacher, pupil_id=pupil.pk, minutes=5, now=NOW)
    assert Mute.objects.get().until == NOW + datetime.timedelta(minutes=5)
    with pytest.raises(ModerationError) as refused:
        ask(room, pupil, "Je peux ?", now=NOW + datetime.timedelta(minutes=4))
    assert refused.value.code == "muted"
    ask(room, pupil, "Je peux ?", now=NOW + datetime.timedelta(minutes=6))
    assert Question.objects.count() == 1


@pytest.mark.parametrize("minutes", [0, -3, 10_000, "5", True])
def test_a_mute_with_a_bad_duration_is_refused(room, pupil, teacher, minutes):
    with pytest.raises(ModerationError) as refused:
        questions.mute(room_id=room.pk, member=teacher, pupil_id=pupil.pk, minutes=minutes)
    assert refused.value.code == "invalid"
    assert not Mute.objects.exists()


def test_a_pupil_of_another_class_cannot_be_muted_here(room, teacher):
    with pytest.raises(ModerationError) as refused:
        questions.mute(room_id=room.pk, member=teacher, pupil_id=PupilFactory().pk)
    assert refused.value.code == "not_found"


def test_a_moderator_lifts_a_mute_and_the_log_keeps_both(room, pupil, teacher):
    questions.mute(room_id=room.pk, member=teacher, pupil_id=pupil.pk, now=NOW)
    outcome = questions.unmute(room_id=room.pk, member=teacher, pupil_id=pupil.pk)
    assert outcome.reply == {"pupil_id": pupil.pk}
    (published,) = outcome.events
    assert published.audience == "moderators"
    stored = RoomEvent.objects.get(room=room, seq=published.seq)
    assert (stored.kind, stored.payload) == (
        "pupil.unmuted",
        {"pupil": {"id": pupil.pk, "pseudonym": pupil.pseudonym}},
    )
    assert not Mute.objects.exists()
    ask(room, pupil, "Je peux de nouveau ?", now=NOW)
    assert list(
        ModerationAction.objects.order_by("pk").values_list("action", "actor_role", "pupil")
    ) == [("mute", "teacher", pupil.pk), ("unmute", "teacher", pupil.pk)]
    assert [str(a) for a in ModerationAction.objects.order_by("pk")] == [
        "mise en sourdine (enseignant·e)",
        "fin de la sourdine (enseignant·e)",
    ]


def test_a_pupil_reports_an_approved_question_to_the_moderators(room, pupil, teacher):
    ask(room, pupil, "Une question limite ?")
    question = Question.objects.get()
    with pytest.raises(ModerationError) as refused:
        questions.report(room_id=room.pk, member=as_pupil(pupil), question_id=question.pk)
    assert refused.value.code == "not_found"  # not approved: nobody else sees it
    questions.approve(room_id=room.pk, member=teacher, question_id=question.pk)
    classmate = PupilFactory(school_class=pupil.school_class)

    first = questions.report(room_id=room.pk, member=as_pupil(classmate), question_id=question.pk)
    again = questions.report(room_id=room.pk, member=as_pupil(pupil), question_id=question.pk)

    (published,) = first.events
    assert published.audience == "moderators"
    stored = RoomEvent.objects.get(room=room, seq=published.seq)
    assert (stored.kind, stored.payload) == ("question.reported", {"question_id": question.pk})
    assert again.events == []  # the moderators were told once
    reports = ModerationAction.objects.filter(action="report").order_by("pk")
    assert [(a.actor_role, a.question_id) for a in reports] == [
        ("pupil", question.pk),
        ("pupil", question.pk),
    ]
    assert str(reports[0]) == "signalement par un participant (élève)"
    with pytest.raises(ModerationError) as refused:
        questions.report(room_id=room.pk, member=teacher, question_id=question.pk)
    assert refused.value.code == "forbidden"


def test_only_a_moderator_lifts_a_mute_of_someone_muted(room, pupil, teacher):
    with pytest.raises(ModerationError) as refused:
        questions.unmute(room_id=room.pk, member=teacher, pupil_id=pupil.pk)
    assert refused.value.code == "not_muted"
    questions.mute(room_id=room.pk, member=teacher, pupil_id=pupil.pk)
    with pytest.raises(ModerationError) as refused:
        questions.unmute(room_id=room.pk, member=as_pupil(pupil), pupil_id=pupil.pk)
    assert refused.value.code == "forbidden"
    assert Mute.objects.count() == 1


def test_a_pupil_does_not_vote_for_her_own_question(room, pupil, teacher):
    ask(room, pupil, "Question ?")
    question = Question.objects.get()
    questions.approve(room_id=room.pk, member=teacher, question_id=question.pk)
    with pytest.raises(ModerationError) as refused:
        questions.upvote(room_id=room.pk, member=as_pupil(pupil), question_id=question.pk)
    assert (refused.value.code, str(refused.value)) == (
        "own_question",
        "C'est ta question : ce sont les autres qui votent pour elle.",
    )
    question.refresh_from_db()
    assert question.upvotes == 0
    assert Upvote.objects.count() == 0


def test_a_pupil_upvotes_an_approved_question_once(room, pupil, teacher):
    ask(room, pupil, "Question ?")
    question = Question.objects.get()
    classmate = PupilFactory(school_class=pupil.school_class)
    with pytest.raises(ModerationError) as refused:
        questions.upvote(room_id=room.pk, member=as_pupil(classmate), question_id=question.pk)
    assert refused.value.code == "not_found"  # not approved yet
    questions.approve(room_id=room.pk, member=teacher, question_id=question.pk)
    outcome = questions.upvote(room_id=room.pk, member=as_pupil(classmate), question_id=question.pk)
    assert outcome.reply == {"upvotes": 1}
    with pytest.raises(ModerationError) as refused:
        questions.upvote(room_id=room.pk, member=as_pupil(classmate), question_id=question.pk)
    assert refused.value.code == "already_upvoted"
    question.refresh_from_db()
    assert question.upvotes == 1


def test_an_upvote_is_eight_statements_in_its_transaction(
    room, pupil, teacher, django_assert_num_queries
):
    """Alone: the room's lock, the voter, the question, the pupil's vote looked for, then
    written, the count, the room's sequence and its event."""
    ask(room, pupil, "Question ?")
    question = Question.objects.get()
    questions.approve(room_id=room.pk, member=teacher, question_id=question.pk)
    voters = [PupilFactory(school_class=pupil.school_class) for _ in range(2)]
    questions.upvote(room_id=room.pk, member=as_pupil(voters[0]), question_id=question.pk)
    with django_assert_num_queries(10):  # and the test's savepoint, released
        outcome = questions.upvote(
            room_id=room.pk, member=as_pupil(voters[1]), question_id=question.pk
        )
    assert outcome.reply == {"upvotes": 2}
    assert json.loads(outcome.events[0].frame)[2] == {
        "kind": "question.upvoted",
        "question_id": question.pk,
        "upvotes": 2,
    }


def test_an_ended_room_takes_no_more_questions(room, pupil):
    LiveRoom.objects.filter(pk=room.pk).update(state=LiveRoom.State.ENDED)
    with pytest.raises(ModerationError) as refused:
        ask(room, pupil, "Encore une ?")
    assert refused.value.code == "room_closed"


def test_stored_events_filter_by_audience_and_range(room, pupil, teacher):
    ask(room, pupil, "Question ?")
    questions.approve(room_id=room.pk, member=teacher, question_id=Question.objects.get().pk)
    ask(room, pupil, "Autre ?", now=NOW + datetime.timedelta(seconds=5))
    everyone = questions.stored_events(room_id=room.pk, after=0, upto=None, moderator=False)
    assert [(seq, audience) for seq, audience, _frame in everyone] == [(2, "everyone")]
    moderators = questions.stored_events(room_id=room.pk, after=1, upto=2, moderator=True)
    assert [seq for seq, _audience, _frame in moderators] == [2]
    assert questions.last_seq(room_id=room.pk) == 3


def test_purging_pupils_removes_what_names_them_and_keeps_the_audit_log(room, pupil, teacher):
    ask(room, pupil, "Question ?")
    questions.approve(room_id=room.pk, member=teacher, question_id=Question.objects.get().pk)
    questions.mute(room_id=room.pk, member=teacher, pupil_id=pupil.pk)

    Pupil.objects.filter(pk=pupil.pk).delete()

    assert not Question.objects.exists()
    assert not RoomEvent.objects.exists()
    assert not Mute.objects.exists()
    assert list(
        ModerationAction.objects.order_by("pk").values_list("action", "pupil", "question")
    ) == [("approve", None, None), ("mute", None, None)]


# --- A round: a room's requests written together ----------------------------------------------


def request(name, member, **arguments):
    return (name, member, arguments)


def approved_question(room, pupil, teacher, text="Question ?") -> int:
    question_id = ask(room, pupil, text).reply["question"]["id"]
    questions.approve(room_id=room.pk, member=teacher, question_id=question_id)
    return question_id


def told(outcome):
    """A refusal's code, or what the asker is answered and the events' numbers."""
    if isinstance(outcome, Exception):
        return outcome.code
    return outcome.reply, [event.seq for event in outcome.events]


def test_a_round_is_decided_in_order_and_each_asker_told_its_own_outcome(room, pupil, teacher):
    voter, muted = (PupilFactory(school_class=pupil.school_class) for _ in range(2))
    first = approved_question(room, pupil, teacher)  # events 1 and 2
    pending = ask(room, voter, "En attente ?").reply["question"]["id"]  # 3
    questions.mute(room_id=room.pk, member=teacher, pupil_id=muted.pk)  # 4

    outcomes = questions.handle_many(
        room_id=room.pk,
        now=NOW + datetime.timedelta(minutes=1),
        requests=[
            request("upvote", as_pupil(voter), question_id=first),
            request("upvote", as_pupil(voter), question_id=first),
            request("ask", as_pupil(muted), text="Je peux ?"),
            request("approve", as_pupil(pupil), question_id=pending),
            request("approve", teacher, question_id=pending),
            request("upvote", as_pupil(pupil), question_id=pending),  # approved just before
            request("hide", teacher, question_id=first),  # alone, between two rounds
            request("upvote", as_pupil(pupil), question_id=first),  # hidden just before
            request("ask", as_pupil(pupil), text="Et le salaire ?"),
            request("ask", as_pupil(voter), text=""),
        ],
    )

    asked = Question.objects.select_related("author").get(text="Et le salaire ?")
    assert [told(outcome) for outcome in outcomes] == [
        ({"upvotes": 1}, [5]),
        "already_upvoted",
        "muted",
        "forbidden",
        ({"question_id": pending}, [6]),
        ({"upvotes": 1}, [7]),
        ({"question_id": first}, [8]),
        "not_found",
        ({"question": questions._question_dict(asked, moderator=False)}, [9]),
        "empty",
    ]
    assert list(RoomEvent.objects.filter(seq__gt=4).values_list("seq", "kind")) == [
        (5, "question.upvoted"),
        (6, "question.approved"),
        (7, "question.upvoted"),
        (8, "question.hidden"),
        (9, "question.asked"),
    ]
    assert dict(Question.objects.values_list("pk", "upvotes")) == {
        first: 1,
        pending: 1,
        asked.pk: 0,
    }
    assert questions.last_seq(room_id=room.pk) == 9


def round_of(room, teacher, size: int) -> list:
    """`size` pupils each asking and voting, the teacher approving `size` questions."""
    school_class = room.booking.school_class
    voted = approved_question(room, PupilFactory(school_class=school_class), teacher)
    pending = [
        ask(room, PupilFactory(school_class=school_class), "En attente ?").reply["question"]["id"]
        for _ in range(size)
    ]
    pupils = [PupilFactory(school_class=school_class) for _ in range(size)]
    return [
        *(request("ask", as_pupil(pupil), text="Vous aimez votre métier ?") for pupil in pupils),
        *(request("upvote", as_pupil(pupil), question_id=voted) for pupil in pupils),
        *(request("approve", teacher, question_id=question_id) for question_id in pending),
    ]


@pytest.mark.parametrize("size", [1, 5])
def test_a_round_costs_the_same_statements_whatever_its_size(
    room, teacher, size, django_assert_num_queries
):
    """The room locked once; the voters and askers, the questions, the votes cast, the mutes,
    the slow-mode buckets and the askers' latest questions read once; then one statement of
    each kind: buckets, questions, votes, their counts, approvals, audit log, the room's
    sequence and its events (and the test's savepoint, released). No point nor count inside."""
    requests = round_of(room, teacher, size)
    with django_assert_num_queries(17):
        outcomes = questions.handle_many(room_id=room.pk, requests=requests)
    assert [type(outcome) for outcome in outcomes] == [questions.Outcome] * (3 * size)
    assert questions.last_seq(room_id=room.pk) == 2 + size + 3 * size


def test_slow_mode_holds_within_a_round(room, pupil):
    outcomes = questions.handle_many(
        room_id=room.pk,
        now=NOW,
        requests=[request("ask", as_pupil(pupil), text=f"Question {n} ?") for n in range(3)],
    )
    assert [told(outcome) if isinstance(outcome, Exception) else "ok" for outcome in outcomes] == [
        "ok",
        "ok",
        "slow_mode",
    ]
    assert outcomes[2].details == {"retry_after": 10}
    assert Question.objects.count() == 2


def test_a_round_in_a_room_gone_tells_each_asker(room, pupil, teacher):
    member = as_pupil(pupil)
    outcomes = questions.handle_many(
        room_id=room.pk + 1,
        requests=[request("ask", member, text="Allô ?"), request("ask", teacher, text="Moi ?")],
    )
    assert [told(outcome) for outcome in outcomes] == ["not_found", "forbidden"]


@pytest.mark.django_db(transaction=True)
def test_two_processes_rounds_in_one_room_queue_on_its_lock_and_count_exactly():
    """Two processes' rounds at once: one waits for the other's commit on the room's row lock,
    so a pupil's vote sent through both counts once, and the events keep one gapless order."""
    room = LiveRoom.objects.create(booking=BookingFactory())
    school_class = room.booking.school_class
    teacher = Member("teacher", user_id=school_class.teacher.user_id)
    asker, voter, *others = (PupilFactory(school_class=school_class) for _ in range(4))
    shown = approved_question(room, asker, teacher)  # events 1 and 2
    barrier = threading.Barrier(2)
    outcomes = {}

    def process(n):
        try:
            requests = [
                request("ask", as_pupil(others[n]), text=f"Question {n} ?"),
                request("upvote", as_pupil(voter), question_id=shown),
            ]
            barrier.wait()
            outcomes[n] = questions.handle_many(room_id=room.pk, requests=requests)
        finally:
            connection.close()

    threads = [threading.Thread(target=process, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    votes = sorted(
        told(outcomes[n][1]) if isinstance(outcomes[n][1], Exception) else "ok" for n in range(2)
    )
    assert votes == ["already_upvoted", "ok"]
    assert Question.objects.get(pk=shown).upvotes == 1
    assert list(RoomEvent.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3, 4, 5]
    seqs = sorted(
        event.seq
        for n in range(2)
        for o in outcomes[n]
        if not isinstance(o, Exception)
        for event in o.events
    )
    assert seqs == [3, 4, 5]
