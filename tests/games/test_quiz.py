import threading

import pytest
from django.db import connection

from tests.exhibits.factories import CompanyFactory
from tests.fair.factories import BuildingFactory, EditionFactory
from tests.schools.helpers import booked_class
from usine.games import quiz
from usine.games.errors import AlreadyHandled, InvalidQuiz, NoQuiz
from usine.games.models import Quiz, QuizPass
from usine.schools.models import BuildingVisit

from .factories import QuizFactory, quiz_content, right_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def pupil():
    return booked_class().school_class.pupils.first()


def quiz_building(pupil, questions=3):
    building = BuildingFactory(edition=pupil.school_class.edition)
    QuizFactory(company=building.company, draft=quiz_content(questions))
    return building


# --- Content ---


def test_a_valid_quiz_is_kept_with_its_english_twin():
    content = quiz.clean_content(quiz_content(4))
    assert len(content["questions"]) == 4
    assert content["questions"][1] == {
        "text": "Question 2 ?",
        "choices": ["Réponse 2.0", "Réponse 2.1", "Réponse 2.2"],
        "answer": 1,
        "explanation": "Parce que 2.",
        "text_en": "Question 2?",
        "choices_en": ["Answer 2.0", "Answer 2.1", "Answer 2.2"],
        "explanation_en": "Because 2.",
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda c: c["questions"].pop(), None),  # 2 questions
        (lambda c: c["questions"][0].update(text="  "), "q1_text"),
        (lambda c: c["questions"][1].update(answer=3), "q2_answer"),
        (lambda c: c["questions"][1].update(answer=True), "q2_answer"),
        (lambda c: c["questions"][2].update(choices=["seule"]), "q3_choice1"),
        (lambda c: c["questions"][0].update(explanation=""), "q1_explanation"),
        (lambda c: c["questions"][0].update(choices_en=["a", "", "c"]), "q1_choice1_en"),
        (lambda c: c["questions"][0].update(text="x" * 301), "q1_text"),
    ],
)
def test_an_incomplete_quiz_names_the_field_to_fix(change, field):
    content = quiz_content(3)
    change(content)
    with pytest.raises(InvalidQuiz) as error:
        quiz.clean_content(content)
    assert error.value.field == field


@pytest.mark.parametrize("raw", [None, [], "quiz", {"questions": "x"}, {"questions": [1, 2, 3]}])
def test_garbage_is_refused(raw):
    with pytest.raises(InvalidQuiz):
        quiz.clean_content(raw)


# --- Review ---


def test_without_review_the_quiz_is_public_at_once():
    building = BuildingFactory()
    saved = quiz.save_quiz(company=building.company, content=quiz_content())
    assert saved.state == Quiz.State.PUBLISHED
    assert saved.published == saved.draft


def test_with_review_the_public_keeps_the_approved_version_until_an_organizer_approves():
    edition = EditionFactory(review_publications=True)
    building = BuildingFactory(edition=edition)
    first = quiz_content(3)
    QuizFactory(company=building.company, draft=first)
    saved = quiz.save_quiz(company=building.company, content=quiz_content(5))
    assert saved.state == Quiz.State.PENDING
    assert len(quiz.public_quiz(building=building).published["questions"]) == 3
    quiz.approve(quiz=saved)
    assert len(quiz.public_quiz(building=building).published["questions"]) == 5
    with pytest.raises(AlreadyHandled):
        quiz.approve(quiz=saved)


def test_a_refusal_needs_a_reason_and_keeps_the_quiz_private():
    edition = EditionFactory(review_publications=True)
    building = BuildingFactory(edition=edition)
    saved = quiz.save_quiz(company=building.company, content=quiz_content())
    with pytest.raises(InvalidQuiz):
        quiz.refuse(quiz=saved, reason="  ")
    refused = quiz.refuse(quiz=saved, reason="La question 2 a deux bonnes réponses.")
    assert (refused.state, refused.refusal_reason) == (
        Quiz.State.REFUSED,
        "La question 2 a deux bonnes réponses.",
    )
    assert quiz.public_quiz(building=building) is None


# --- Playing ---


def test_a_visitor_gets_the_correction_and_nothing_is_stored(pupil):
    building = quiz_building(pupil)
    marked = quiz.mark(building=building, answers={"q1": "0", "q2": "0", "q3": "2"})
    assert (marked.correct, marked.total, marked.passed, marked.stamped) == (2, 3, False, False)
    assert [given == right for _question, given, right in marked.rows()] == [True, False, True]
    assert QuizPass.objects.count() == 0


def test_a_pupil_who_passes_gets_the_stamp_once(pupil):
    building = quiz_building(pupil)
    answers = right_answers(quiz.public_quiz(building=building).published)
    first = quiz.mark(building=building, answers=answers, pupil=pupil)
    assert (first.passed, first.stamped, first.already) == (True, True, False)
    visit = BuildingVisit.objects.get(pupil=pupil, building=building)
    assert visit.stamp == BuildingVisit.Stamp.QUIZ
    replay = quiz.mark(building=building, answers=answers, pupil=pupil)
    assert (replay.passed, replay.stamped, replay.already) == (True, False, True)
    assert QuizPass.objects.filter(pupil=pupil).count() == 1


def test_one_mistake_is_allowed_from_four_questions(pupil):
    building = quiz_building(pupil, questions=4)
    answers = right_answers(quiz.public_quiz(building=building).published) | {"q4": "2"}
    assert quiz.mark(building=building, answers=answers, pupil=pupil).stamped


def test_a_failed_quiz_stamps_nothing_and_may_be_tried_again(pupil):
    building = quiz_building(pupil)
    answers = right_answers(quiz.public_quiz(building=building).published)
    assert not quiz.mark(building=building, answers=answers | {"q1": "2"}, pupil=pupil).passed
    assert BuildingVisit.objects.filter(pupil=pupil).count() == 0
    assert quiz.mark(building=building, answers=answers, pupil=pupil).stamped


def test_a_building_of_another_edition_stamps_nothing(pupil):
    building = BuildingFactory(edition=EditionFactory(state="archived"))
    QuizFactory(company=building.company)
    answers = right_answers(quiz.public_quiz(building=building).published)
    assert not quiz.mark(building=building, answers=answers, pupil=pupil).stamped
    assert QuizPass.objects.count() == 0


@pytest.mark.parametrize(
    "answers",
    [{}, {"q1": "-1"}, {"q1": "9"}, {"q1": "1e3"}, {"q1": "٣"}, {"q1": ["0"]}, {"q1": "0" * 500}],
)
def test_odd_answers_count_as_no_answer(pupil, answers):
    building = quiz_building(pupil)
    assert quiz.mark(building=building, answers=answers).given[0] is None


def test_no_published_quiz_is_no_quiz():
    building = BuildingFactory(company=CompanyFactory())
    with pytest.raises(NoQuiz):
        quiz.mark(building=building, answers={})


@pytest.mark.django_db(transaction=True)
def test_parallel_passes_of_one_pupil_stamp_and_count_once():
    pupil = booked_class().school_class.pupils.first()
    building = quiz_building(pupil)
    answers = right_answers(quiz.public_quiz(building=building).published)
    results, barrier = [], threading.Barrier(4)

    def play():
        try:
            barrier.wait()
            results.append(quiz.mark(building=building, answers=answers, pupil=pupil))
        finally:
            connection.close()

    threads = [threading.Thread(target=play) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4
    assert sum(result.stamped for result in results) == 1
    assert QuizPass.objects.filter(pupil=pupil).count() == 1
