"""What a round of questions reads, compiled once (usine/live/question_reads.py): the instances
the ORM would give, every concrete field loaded."""

import pytest
from django.db import transaction

from tests.schools.factories import BookingFactory, PupilFactory
from usine.live import question_reads, questions
from usine.live.access import Member
from usine.live.models import LiveRoom, Question, Upvote

pytestmark = pytest.mark.django_db


def fields(instance) -> dict:
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.fields}


@pytest.fixture
def room():
    return LiveRoom.objects.create(booking=BookingFactory())


def test_the_locked_room_has_its_state_and_sequence_and_a_missing_one_is_none(room):
    LiveRoom.objects.filter(pk=room.pk).update(last_event_seq=7, state=LiveRoom.State.LIVE)
    with transaction.atomic():
        locked = question_reads.locked_room(room.pk)
        assert (locked.pk, locked.state, locked.last_event_seq) == (room.pk, "live", 7)
        assert question_reads.locked_room(room.pk + 1000) is None


def test_pupils_questions_and_votes_are_the_orm_s(room, django_assert_num_queries):
    pupils = [PupilFactory(school_class=room.booking.school_class) for _ in range(3)]
    asked = [
        Question.objects.create(room=room, author=pupil, text=f"Question {n} ?", upvotes=n)
        for n, pupil in enumerate(pupils)
    ]
    other_room = LiveRoom.objects.create(booking=BookingFactory())
    elsewhere = Question.objects.create(room=other_room, author=pupils[0], text="Ailleurs ?")
    Upvote.objects.create(question=asked[0], pupil=pupils[1])
    Upvote.objects.create(question=asked[2], pupil=pupils[1])
    Upvote.objects.create(question=asked[2], pupil=pupils[2])

    with django_assert_num_queries(3):
        found_pupils = question_reads.pupils({pupil.pk for pupil in pupils[:2]})
        found = question_reads.questions(
            room_id=room.pk, ids=[asked[0].pk, asked[2].pk, elsewhere.pk]
        )
        votes = question_reads.votes(
            question_ids=[asked[0].pk, asked[1].pk], pupil_ids=[pupils[1].pk, pupils[2].pk]
        )

    assert {pk: fields(pupil) for pk, pupil in found_pupils.items()} == {
        pupil.pk: fields(pupil) for pupil in pupils[:2]
    }
    expected = Question.objects.select_related("author").in_bulk([asked[0].pk, asked[2].pk])
    assert {pk: fields(question) for pk, question in found.items()} == {
        pk: fields(question) for pk, question in expected.items()
    }
    with django_assert_num_queries(0):  # the authors came with their questions
        assert {question.author.pseudonym for question in found.values()} == {
            pupils[0].pseudonym,
            pupils[2].pseudonym,
        }
    assert votes == {(asked[0].pk, pupils[1].pk)}
    assert question_reads.votes(question_ids=[asked[0].pk], pupil_ids=set()) == set()


def test_rounds_compile_their_reads_once_whatever_the_room(monkeypatch):
    built = []
    for prepared in (question_reads._ROOM, question_reads._QUESTIONS, question_reads._VOTES):
        monkeypatch.setattr(prepared, "_compiled", {})
        build = prepared.build
        monkeypatch.setattr(
            prepared, "build", lambda *values, build=build: built.append(1) or build(*values)
        )
    for _ in range(3):
        room = LiveRoom.objects.create(booking=BookingFactory())
        asker, pupil = PupilFactory.create_batch(2, school_class=room.booking.school_class)
        question = Question.objects.create(
            room=room, author=asker, text="Question ?", state=Question.State.APPROVED
        )
        voter = Member("pupil", pupil_id=pupil.pk, pseudonym=pupil.pseudonym)
        questions.upvote(room_id=room.pk, member=voter, question_id=question.pk)

    assert len(built) == 3  # the room, the question, the votes: each compiled for the first
    assert Upvote.objects.count() == 3
