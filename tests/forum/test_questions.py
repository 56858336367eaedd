"""Audience questions of a Forum talk: asking, voting, moderation and what each side reads."""

import datetime

import pytest
from django.utils import timezone

from tests.forum.audience import LiveTalk
from usine.forum import questions
from usine.forum.models import AudienceQuestion, AudienceUpvote, Talk
from usine.forum.questions import QuestionError
from usine.live.models import ModerationAction

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2031, 11, 28, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def live():
    return LiveTalk()


def ask(live, who, text, *, now=NOW):
    return questions.ask(talk_id=live.talk.pk, attendee=who, text=text, now=now)


def approve(live, question_id, *, now=NOW):
    return questions.approve(
        talk_id=live.talk.pk, attendee=live.organizer, question_id=question_id, now=now
    )


def test_a_pupils_question_waits_under_the_pseudonym_and_class_unseen_by_the_audience(live):
    reply = ask(live, live.pupil, "  Est-ce que c'est dur   physiquement ?  ")

    question = AudienceQuestion.objects.get()
    assert reply == {
        "id": question.pk,
        "text": "Est-ce que c'est dur physiquement ?",
        "state": "pending",
        "author": "Loutre bleue",
    }
    assert (question.pupil, question.user, question.author_class) == (
        live.pupil_row,
        None,
        "3e B, Lycée Henri-IV",
    )
    assert questions.snapshot(talk_id=live.talk.pk) == {
        "questions": [],
        "recent": [],
        "approved": 0,
    }
    assert [row["text"] for row in questions.queue(talk_id=live.talk.pk)["pending"]] == [
        "Est-ce que c'est dur physiquement ?"
    ]


def test_an_approved_question_reaches_the_audience_with_its_class(live):
    question_id = ask(live, live.pupil, "Combien d'heures par semaine ?")["id"]

    assert approve(live, question_id) == {"question_id": question_id}

    assert questions.snapshot(talk_id=live.talk.pk) == {
        "questions": [
            {
                "id": question_id,
                "text": "Combien d'heures par semaine ?",
                "author": "Loutre bleue",
                "class": "3e B, Lycée Henri-IV",
                "upvotes": 0,
                "pinned": False,
                "answered": False,
            }
        ],
        "recent": [question_id],
        "approved": 1,
    }
    question = AudienceQuestion.objects.get()
    assert (question.moderated_by, question.moderated_at) == (live.organizer_user, NOW)


def test_an_adults_question_is_moderated_too(live):
    question_id = ask(live, live.adult, "Quelle place pour l'apprentissage ?")["id"]

    assert questions.snapshot(talk_id=live.talk.pk)["questions"] == []
    assert AudienceQuestion.objects.get(pk=question_id).author == "Marc P."


def test_a_visitor_without_an_account_reads_only(live):
    with pytest.raises(QuestionError) as refused:
        ask(live, live.reader, "Bonjour ?")
    assert refused.value.code == "forbidden"
    assert AudienceQuestion.objects.count() == 0


def test_contact_details_are_refused_and_use_up_the_slow_mode(live, settings):
    settings.LIVE_QUESTION_BURST = 1
    with pytest.raises(QuestionError) as refused:
        ask(live, live.pupil, "écris-moi sur snapchat : loutre_bleue")
    assert (refused.value.code, refused.value.details) == ("blocked", {"reason": "handle"})
    assert AudienceQuestion.objects.count() == 0

    with pytest.raises(QuestionError) as slowed:
        ask(live, live.pupil, "Et le salaire ?", now=NOW + datetime.timedelta(seconds=1))
    assert slowed.value.code == "slow_mode"


def test_a_phone_number_cut_over_two_questions_is_refused(live, settings):
    settings.LIVE_QUESTION_INTERVAL_S = 0.001
    ask(live, live.pupil, "Vous avez un numéro ? le mien c'est 06 12 34")
    with pytest.raises(QuestionError) as refused:
        ask(live, live.pupil, "56 78 appelez moi", now=NOW + datetime.timedelta(seconds=20))
    assert refused.value.details == {"reason": "phone"}


def test_an_insult_goes_to_the_moderators_flagged(live):
    ask(live, live.pupil, "t'es un connard")

    [pending] = questions.queue(talk_id=live.talk.pk)["pending"]
    assert (pending["flag"], pending["pupil"], pending["muted"]) == ("insult", True, False)


def test_slow_mode_is_the_live_exchanges_bucket(live):
    ask(live, live.adult, "Première ?")
    ask(live, live.adult, "Deuxième ?", now=NOW + datetime.timedelta(seconds=1))
    with pytest.raises(QuestionError) as refused:
        ask(live, live.adult, "Troisième ?", now=NOW + datetime.timedelta(seconds=2))
    assert (refused.value.code, refused.value.details) == ("slow_mode", {"retry_after": 8})
    # Someone else is not slowed by it.
    ask(live, live.pupil, "La mienne ?", now=NOW + datetime.timedelta(seconds=2))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (None, "empty"),
        ("   ", "empty"),
        (42, "invalid"),
        (["a"], "invalid"),
        ("x" * 201, "too_long"),
    ],
)
def test_bad_text_is_refused_with_a_reason(live, text, code):
    with pytest.raises(QuestionError) as refused:
        ask(live, live.adult, text)
    assert refused.value.code == code


def test_no_question_once_the_talk_ended(live):
    Talk.objects.filter(pk=live.talk.pk).update(state=Talk.State.ENDED)
    with pytest.raises(QuestionError) as refused:
        ask(live, live.adult, "Encore une ?")
    assert refused.value.code == "talk_ended"


def test_nobody_votes_for_their_own_question(live):
    mine = ask(live, live.pupil, "Et les horaires ?")["id"]
    theirs = ask(live, live.adult, "Et les salaires ?")["id"]
    approve(live, mine)
    approve(live, theirs)

    outcomes = questions.upvote_many(
        talk_id=live.talk.pk,
        votes=[(live.pupil, mine), (live.adult, theirs), (live.pupil, theirs), (live.adult, mine)],
    )

    assert [getattr(outcome, "code", "ok") for outcome in outcomes] == [
        "own_question",
        "own_question",
        "ok",
        "ok",
    ]
    assert str(outcomes[0]) == "C'est votre question : ce sont les autres qui votent pour elle."
    assert dict(AudienceQuestion.objects.values_list("pk", "upvotes")) == {mine: 1, theirs: 1}


def test_one_vote_per_person_for_approved_questions_only(live):
    question_id = ask(live, LiveTalk().adult, "Et les salaires ?")["id"]
    vote = {"talk_id": live.talk.pk, "question_id": question_id}
    with pytest.raises(QuestionError) as pending:
        questions.upvote(attendee=live.pupil, **vote)
    assert pending.value.code == "not_found"

    approve(live, question_id)
    questions.upvote(attendee=live.pupil, **vote)
    questions.upvote(attendee=live.adult, **vote)
    with pytest.raises(QuestionError) as twice:
        questions.upvote(attendee=live.pupil, **vote)
    with pytest.raises(QuestionError) as reader:
        questions.upvote(attendee=live.reader, **vote)

    assert (twice.value.code, reader.value.code) == ("already_upvoted", "forbidden")
    assert AudienceQuestion.objects.get().upvotes == 2
    assert AudienceUpvote.objects.count() == 2
    assert questions.mine(talk_id=live.talk.pk, attendee=live.pupil)["upvoted"] == [question_id]


def test_votes_written_together_each_get_their_own_answer(live):
    other = LiveTalk()
    first = ask(live, other.adult, "Et les salaires ?")["id"]
    second = ask(live, other.pupil, "Et les horaires ?")["id"]
    approve(live, first)
    approve(live, second)
    pending = ask(live, live.adult, "Encore une ?", now=NOW + datetime.timedelta(minutes=5))["id"]

    outcomes = questions.upvote_many(
        talk_id=live.talk.pk,
        votes=[
            (live.pupil, first),
            (live.adult, first),
            (live.pupil, first),  # twice in the same batch
            (live.reader, first),
            (live.pupil, pending),
            (live.pupil, second),
            (other.adult, second),
            (live.adult, "1"),
        ],
    )

    answers = [o if isinstance(o, dict) else o.code for o in outcomes]
    assert answers == [
        {"question_id": first},
        {"question_id": first},
        "already_upvoted",
        "forbidden",
        "not_found",
        {"question_id": second},
        {"question_id": second},
        "not_found",
    ]
    counts = dict(AudienceQuestion.objects.values_list("pk", "upvotes"))
    assert counts == {first: 2, second: 2, pending: 0}
    again = questions.upvote_many(talk_id=live.talk.pk, votes=[(live.adult, first)])
    assert again[0].code == "already_upvoted"
    assert AudienceUpvote.objects.count() == 4


def test_decisions_written_together_each_get_their_own_answer(live, django_assert_num_queries):
    first = ask(live, live.adult, "Et les salaires ?")["id"]
    second = ask(live, live.pupil, "Et les horaires ?")["id"]
    third = ask(live, LiveTalk().adult, "Et les stages ?")["id"]
    other_talk = ask(LiveTalk(), live.adult, "Ailleurs ?")["id"]
    organizer = live.organizer
    decisions = [
        ("approve", organizer, {"question_id": first}),
        ("approve", organizer, {"question_id": first}),  # twice in a row
        ("approve", organizer, {"question_id": other_talk}),
        ("approve", organizer, {"question_id": "2"}),
        ("approve", live.adult, {"question_id": second}),  # not an organizer
        ("hide", organizer, {"question_id": third}),
        ("approve", organizer, {"question_id": second}),
        ("approve", organizer, {"question_id": third}),  # hidden just before
    ]

    # Three transactions of five queries (begin, lock, update, audit lines, commit): the first
    # four approvals, the hiding, the last two approvals. The non-organizer's reads nothing.
    with django_assert_num_queries(3 * 5):
        outcomes = questions.moderate_many(talk_id=live.talk.pk, decisions=decisions)

    answers = [o if isinstance(o, dict) else o.code for o in outcomes]
    assert answers == [
        {"question_id": first},
        "invalid_state",
        "not_found",
        "not_found",
        "forbidden",
        {"question_id": third},
        {"question_id": second},
        "invalid_state",
    ]
    states = dict(AudienceQuestion.objects.values_list("pk", "state"))
    assert states == {first: "approved", second: "approved", third: "hidden", other_talk: "pending"}
    log = ModerationAction.objects.filter(talk=live.talk).order_by("pk")
    assert [(a.action, a.audience_question_id) for a in log] == [
        ("approve", first),
        ("hide", third),
        ("approve", second),
    ]


def test_moderation_is_for_organizers_only(live):
    question_id = ask(live, live.pupil, "Une question ?")["id"]
    for who in (live.adult, live.pupil, live.reader):
        with pytest.raises(QuestionError) as refused:
            questions.approve(talk_id=live.talk.pk, attendee=who, question_id=question_id)
        assert refused.value.code == "forbidden"
    assert AudienceQuestion.objects.get().state == "pending"


def test_a_hidden_question_leaves_the_audience_and_the_askers_list(live):
    question_id = ask(live, live.pupil, "Une question ?")["id"]
    approve(live, question_id)
    questions.hide(talk_id=live.talk.pk, attendee=live.organizer, question_id=question_id)

    assert questions.snapshot(talk_id=live.talk.pk)["questions"] == []
    assert questions.mine(talk_id=live.talk.pk, attendee=live.pupil)["questions"] == []
    with pytest.raises(QuestionError) as again:
        questions.hide(talk_id=live.talk.pk, attendee=live.organizer, question_id=question_id)
    assert again.value.code == "invalid_state"


def test_one_pinned_question_at_a_time_shown_first(live, settings):
    settings.LIVE_QUESTION_INTERVAL_S = 0.001
    first, second = (
        ask(live, live.adult, text, now=NOW + datetime.timedelta(seconds=i))["id"]
        for i, text in enumerate(["Première ?", "Deuxième ?"])
    )
    approve(live, first)
    approve(live, second)
    questions.upvote(talk_id=live.talk.pk, attendee=live.pupil, question_id=first)
    pin = {"talk_id": live.talk.pk, "attendee": live.organizer}

    questions.pin(question_id=first, **pin)
    questions.pin(question_id=second, **pin)

    snapshot = questions.snapshot(talk_id=live.talk.pk)
    assert [(q["id"], q["pinned"]) for q in snapshot["questions"]] == [
        (second, True),
        (first, False),
    ]
    questions.unpin(question_id=second, **pin)
    assert not AudienceQuestion.objects.filter(pinned=True).exists()


def test_an_answered_question_records_the_stream_time_and_becomes_a_chapter(live):
    Talk.objects.filter(pk=live.talk.pk).update(
        starts_at=NOW, ends_at=NOW + datetime.timedelta(hours=1)
    )
    question_id = ask(live, live.pupil, "Des femmes ingénieures ?")["id"]
    approve(live, question_id)
    questions.pin(talk_id=live.talk.pk, attendee=live.organizer, question_id=question_id)
    answered_at = NOW + datetime.timedelta(minutes=12, seconds=3, milliseconds=250)

    reply = questions.answer(
        talk_id=live.talk.pk, attendee=live.organizer, question_id=question_id, now=answered_at
    )

    assert reply == {"question_id": question_id, "answered_at_s": 723.25}
    question = AudienceQuestion.objects.get()
    assert (question.answered_at, question.pinned) == (answered_at, False)
    talk = Talk.objects.get()
    assert questions.answered_chapters(talk=talk) == [
        {
            "id": question_id,
            "text": "Des femmes ingénieures ?",
            "author": "Loutre bleue",
            "author_class": "3e B, Lycée Henri-IV",
            "answered_at_s": 723.25,
        }
    ]
    assert questions.snapshot(talk_id=live.talk.pk)["questions"][0]["answered"] is True


def test_the_snapshot_is_capped_to_the_top_and_the_latest(live, settings):
    settings.LIVE_QUESTION_INTERVAL_S = 0.000001
    settings.LIVE_QUESTION_BURST = 1000
    ids = [ask(live, live.adult, f"Question {i} ?")["id"] for i in range(80)]
    for offset, question_id in enumerate(ids):
        approve(live, question_id, now=NOW + datetime.timedelta(seconds=offset))
    # Votes for the oldest ten: they lead the most voted, the latest approved follow.
    for question_id in ids[:10]:
        questions.upvote(talk_id=live.talk.pk, attendee=live.pupil, question_id=question_id)

    snapshot = questions.snapshot(talk_id=live.talk.pk)

    assert snapshot["approved"] == 80
    assert snapshot["recent"] == ids[::-1][: questions.SNAPSHOT_RECENT]
    top = ids[: questions.SNAPSHOT_TOP]
    expected = top + [i for i in ids[::-1][: questions.SNAPSHOT_RECENT] if i not in top]
    assert [q["id"] for q in snapshot["questions"]] == expected


def test_what_an_asker_sees_of_their_own_questions(live):
    own = ask(live, live.pupil, "La mienne ?")
    ask(live, live.adult, "Pas la sienne ?")

    assert questions.mine(talk_id=live.talk.pk, attendee=live.pupil) == {
        "questions": [own],
        "upvoted": [],
    }
    assert questions.mine(talk_id=live.talk.pk, attendee=live.reader) == {
        "questions": [],
        "upvoted": [],
    }


def test_a_purged_pupil_takes_their_questions_and_votes_along(live):
    question_id = ask(live, live.adult, "Question d'adulte ?")["id"]
    approve(live, question_id)
    questions.upvote(talk_id=live.talk.pk, attendee=live.pupil, question_id=question_id)
    ask(live, live.pupil, "Question d'élève ?", now=timezone.now())

    live.pupil_row.delete()

    assert list(AudienceQuestion.objects.values_list("text", flat=True)) == ["Question d'adulte ?"]
    assert AudienceUpvote.objects.count() == 0


def test_a_muted_asker_cannot_ask_until_the_mute_ends_or_is_lifted(live, settings):
    settings.LIVE_QUESTION_INTERVAL_S = 0.001
    question_id = ask(live, live.pupil, "Une question ?")["id"]
    mute = {"talk_id": live.talk.pk, "question_id": question_id}
    for minutes in (0, 241, "5", True):
        with pytest.raises(QuestionError) as invalid:
            questions.mute(attendee=live.organizer, minutes=minutes, now=NOW, **mute)
        assert invalid.value.message == "Durée invalide : de 1 à 240 minutes."
    with pytest.raises(QuestionError) as forbidden:
        questions.mute(attendee=live.adult, **mute)
    assert forbidden.value.code == "forbidden"

    muted = questions.mute(attendee=live.organizer, minutes=10, now=NOW, **mute)
    assert muted == {"question_id": question_id, "until": "2031-11-28T10:10:00+00:00"}
    with pytest.raises(QuestionError) as refused:
        ask(live, live.pupil, "Et encore ?", now=NOW + datetime.timedelta(minutes=9))
    assert (refused.value.code, refused.value.message) == (
        "muted",
        "Vous ne pouvez plus poser de questions pendant cette intervention.",
    )
    ask(live, live.adult, "Une autre personne ?", now=NOW + datetime.timedelta(minutes=9))
    ask(live, live.pupil, "Et maintenant ?", now=NOW + datetime.timedelta(minutes=11))

    questions.mute(attendee=live.organizer, **mute)  # until the talk ends
    assert [q["muted"] for q in questions.queue(talk_id=live.talk.pk)["pending"]] == [
        True,
        False,
        True,
    ]
    questions.unmute(attendee=live.organizer, **mute)
    ask(live, live.pupil, "Merci !", now=NOW + datetime.timedelta(minutes=12))
    with pytest.raises(QuestionError) as again:
        questions.unmute(attendee=live.organizer, **mute)
    assert again.value.code == "not_muted"


def test_every_decision_and_the_filter_s_go_to_the_audit_log(live, settings):
    settings.LIVE_QUESTION_INTERVAL_S = 0.001
    question_id = ask(live, live.pupil, "Une question ?")["id"]
    later = NOW + datetime.timedelta(seconds=30)
    flagged = ask(live, live.pupil, "t'es un connard", now=later)["id"]
    with pytest.raises(QuestionError):
        ask(live, live.pupil, "écris-moi sur snapchat : loutre", now=later)
    act = {"talk_id": live.talk.pk, "attendee": live.organizer, "question_id": question_id}
    questions.approve(**act)
    questions.pin(**act)
    questions.unpin(**act)
    questions.answer(**act)
    questions.mute(**act, minutes=5)
    questions.unmute(**act)
    questions.hide(**act)

    log = ModerationAction.objects.order_by("pk")
    assert [
        (a.action, a.actor_role, a.actor_id, a.audience_question_id, a.pupil_id, a.reason)
        for a in log
    ] == [
        ("filter_flag", "filter", None, flagged, live.pupil_row.pk, "insult"),
        ("filter_block", "filter", None, None, live.pupil_row.pk, "handle"),
        *[
            (action, "organizer", live.organizer_user.pk, question_id, live.pupil_row.pk, reason)
            for action, reason in [
                ("approve", ""),
                ("pin", ""),
                ("unpin", ""),
                ("answer", ""),
                ("mute", "5 min"),
                ("unmute", ""),
                ("hide", ""),
            ]
        ],
    ]
    assert {a.talk_id for a in log} == {live.talk.pk}
    assert {a.room_id for a in log} == {None}
