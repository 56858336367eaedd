import datetime
import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from tests.exhibits.factories import CompanyFactory
from tests.fair.factories import BuildingFactory
from tests.schools.factories import PupilFactory
from tests.schools.helpers import booked_class
from usine.games import challenge, quiz
from usine.games.errors import GameError
from usine.games.models import ChallengeEntry, ChallengePoint, ChallengeWinner
from usine.live import questions
from usine.live.access import Member
from usine.live.models import LiveRoom, Question
from usine.schools import passport
from usine.schools.models import SchoolClass

from .factories import QuizFactory, right_answers

pytestmark = pytest.mark.django_db

DAY = datetime.datetime(2031, 11, 24, 10, 0, tzinfo=datetime.UTC)


def school_class(pupils: int, *, level=SchoolClass.Level.TROISIEME, name="") -> SchoolClass:
    booking = booked_class(pupils=pupils)
    found = booking.school_class
    found.level = level
    found.name = name or found.name
    found.save(update_fields=["level", "name"])
    return found


def score(found: SchoolClass, points: int, *, at=DAY, tag="p") -> None:
    """`points` proofs spread over the class's pupils, one pupil after another, each under the
    daily cap."""
    pupils = list(found.pupils.all())
    for n in range(points):
        pupil = pupils[n % len(pupils)]
        assert challenge.award(pupil=pupil, kind="stamp", proof=f"{tag}:{found.pk}:{n}", now=at)


def ranking(edition, *, day=None, level="") -> list[tuple[int, str, str]]:
    rows = challenge.standings(edition=edition, day=day, level=level)
    return [(row.rank, row.name, str(row.score)) for row in rows]


@pytest.fixture(autouse=True)
def _fresh_podium():
    """The podium is cached a few seconds: each reading here is computed again."""
    challenge.cache.clear()


def test_a_class_of_12_beats_a_class_of_35_with_more_points_but_fewer_per_pupil():
    small = school_class(12, name="4e Petite")
    big = school_class(35, name="3e Grande")
    score(small, 24)
    score(big, 60)
    assert ranking(small.edition) == [(1, "4e Petite", "2.00"), (2, "3e Grande", "1.71")]


def test_ties_share_a_rank_and_a_class_without_points_is_not_ranked():
    first, second = school_class(10, name="A"), school_class(5, name="B")
    school_class(8, name="C")
    score(first, 10)
    score(second, 5)
    assert ranking(first.edition) == [(1, "A", "1.00"), (1, "B", "1.00")]


def test_a_pupil_brings_at_most_the_daily_cap_each_day():
    found = school_class(1)
    pupil = found.pupils.get()
    earned = [
        challenge.award(pupil=pupil, kind="stamp", proof=f"stamp:{n}", now=DAY) for n in range(20)
    ]
    assert earned.count(True) == challenge.DAILY_CAP == 12
    next_day = DAY + datetime.timedelta(days=1)
    assert challenge.award(pupil=pupil, kind="quiz", proof="quiz:1", now=next_day)
    assert ranking(found.edition) == [(1, found.name, "13.00")]
    assert ranking(found.edition, day=next_day.date()) == [(1, found.name, "1.00")]


def test_a_replayed_proof_counts_once():
    found = school_class(2)
    pupil = found.pupils.first()
    assert challenge.award(pupil=pupil, kind="quiz", proof="quiz:7")
    assert not challenge.award(pupil=pupil, kind="quiz", proof="quiz:7")
    assert ChallengePoint.objects.count() == 1


def test_the_podium_by_level_and_by_day():
    fourth = school_class(10, level=SchoolClass.Level.QUATRIEME, name="4e A")
    third = school_class(10, name="3e A")
    score(fourth, 10)
    score(third, 20, at=DAY + datetime.timedelta(days=1))
    edition = third.edition
    assert ranking(edition, level="4e") == [(1, "4e A", "1.00")]
    assert ranking(edition, day=DAY.date()) == [(1, "4e A", "1.00")]
    assert ranking(edition) == [(1, "3e A", "2.00"), (2, "4e A", "1.00")]


# --- Cheaters: the ranking does not move ---


def test_a_teacher_removing_pupils_or_adding_pseudonyms_moves_nothing():
    cheat = school_class(10, name="Triche")
    rival = school_class(10, name="Rivale")
    score(cheat, 10)
    score(rival, 12)
    before = ranking(cheat.edition)
    assert before == [(1, "Rivale", "1.20"), (2, "Triche", "1.00")]
    # The teacher removes the pupils who did not score…
    cheat.pupils.filter(pseudonym__in=["Grue Rapide 9", "Grue Rapide 10"]).delete()
    # …and even those who did, hoping the size shrinks faster than the points…
    cheat.pupils.filter(pseudonym="Grue Rapide 1").delete()
    # …then adds fresh pseudonyms who play all day.
    fresh = [PupilFactory(school_class=cheat) for _ in range(5)]
    for n, pupil in enumerate(fresh):
        assert not challenge.award(pupil=pupil, kind="stamp", proof=f"fresh:{n}", now=DAY)
    challenge.cache.clear()
    assert ranking(cheat.edition) == before
    assert ChallengeEntry.objects.get(school_class=cheat).size == 10


@pytest.mark.django_db(transaction=True)
def test_parallel_requests_of_one_seat_count_a_proof_once_and_respect_the_cap():
    found = school_class(1)
    pupil = found.pupils.get()
    barrier = threading.Barrier(6)
    results = []

    def play(n):
        try:
            barrier.wait()
            for m in range(4):  # each request replays one proof and brings new ones
                results.append(
                    challenge.award(pupil=pupil, kind="stamp", proof=f"p:{(n + m) % 16}", now=DAY)
                )
        finally:
            connection.close()

    threads = [threading.Thread(target=play, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 24
    assert results.count(True) == ChallengePoint.objects.count() == 9  # 9 distinct proofs
    assert ChallengeEntry.objects.get().points == 9


# --- Proofs come from the apps that record them ---


def test_stamps_quizzes_and_approved_questions_score(django_capture_on_commit_callbacks):
    found = school_class(2)
    pupil = found.pupils.first()
    building = BuildingFactory(edition=found.edition, company=CompanyFactory())
    QuizFactory(company=building.company)
    with django_capture_on_commit_callbacks(execute=True):
        answers = right_answers(quiz.public_quiz(building=building).published)
        quiz.mark(building=building, answers=answers, pupil=pupil)
    kinds = sorted(ChallengePoint.objects.values_list("kind", flat=True))
    assert kinds == ["quiz", "stamp"]
    room = LiveRoom.objects.create(booking=found.booking)
    question = Question.objects.create(room=room, author=pupil, text="Vous travaillez la nuit ?")
    question.state = Question.State.APPROVED
    with django_capture_on_commit_callbacks(execute=True):
        question.save(update_fields=["state"])
    assert ChallengePoint.objects.filter(kind="question").count() == 1
    with django_capture_on_commit_callbacks(execute=True):  # a second save counts nothing new
        question.save(update_fields=["state"])
    assert ChallengeEntry.objects.get().points == 3


def test_questions_approved_in_the_live_room_score_once_committed(
    django_capture_on_commit_callbacks,
):
    """The points are counted after the approvals' commit, outside the room's lock."""
    found = school_class(2)
    pupils = list(found.pupils.all())
    room = LiveRoom.objects.create(booking=found.booking)
    teacher = Member("teacher", user_id=found.teacher.user_id)
    asked = [
        questions.ask(room_id=room.pk, member=Member("pupil", pupil_id=pupil.pk), text="Dur ?")
        for pupil in pupils
    ]
    requests = [
        ("approve", teacher, {"question_id": outcome.reply["question"]["id"]}) for outcome in asked
    ]
    with django_capture_on_commit_callbacks() as callbacks:
        questions.handle_many(room_id=room.pk, requests=requests)
    assert not ChallengePoint.objects.exists()
    for callback in callbacks:
        callback()
    assert sorted(ChallengePoint.objects.values_list("pupil", "kind")) == [
        (pupils[0].pk, "question"),
        (pupils[1].pk, "question"),
    ]
    assert ChallengeEntry.objects.get().points == 2


def test_a_time_stamp_scores(django_capture_on_commit_callbacks, settings):
    settings.PASSPORT_STAMP_SECONDS = 10
    pupil = school_class(2).pupils.first()
    building = BuildingFactory(edition=pupil.school_class.edition)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        for second in (0, 5, 10):
            passport.record_presence(
                pupil=pupil,
                building_slug=building.slug,
                now=now + datetime.timedelta(seconds=second),
            )
    assert list(ChallengePoint.objects.values_list("kind", "proof")) == [
        ("stamp", f"stamp:{pupil.visits.get().pk}")
    ]


def test_a_class_without_booking_scores_nothing():
    pupil = PupilFactory()
    assert not challenge.award(pupil=pupil, kind="stamp", proof="stamp:1")
    assert not ChallengeEntry.objects.exists()


# --- Winners ---


def test_the_organizers_mark_a_winner_and_the_teacher_is_told(django_capture_on_commit_callbacks):
    found = school_class(3, name="3e Lauréate")
    with django_capture_on_commit_callbacks(execute=True):
        winner = challenge.mark_winner(
            edition=found.edition,
            school_class=found,
            title="1er prix",
            prize="la visite du chantier naval de La Ciotat",
        )
    challenge.tell_teacher(winner_id=winner.pk)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [found.teacher.user.email]
    assert message.subject == "Usine : votre classe 3e Lauréate a gagné le défi !"
    assert "Son prix : la visite du chantier naval de La Ciotat." in message.body
    winner.refresh_from_db()
    assert winner.told_at is not None
    challenge.tell_teacher(winner_id=winner.pk)  # once only
    assert len(mail.outbox) == 1
    with pytest.raises(GameError):
        challenge.mark_winner(edition=found.edition, school_class=found, title="x", prize="y")
    assert ChallengeWinner.objects.count() == 1


@pytest.mark.parametrize(("title", "prize"), [("", "visite"), ("1er", "  ")])
def test_a_winner_needs_a_title_and_a_prize(title, prize):
    found = school_class(1)
    with pytest.raises(GameError):
        challenge.mark_winner(edition=found.edition, school_class=found, title=title, prize=prize)


def test_scores_are_rounded_per_pupil():
    found = school_class(3)
    score(found, 1)
    assert challenge._standings(edition=found.edition, day=None, level="")[0].score == Decimal(
        "0.33"
    )
