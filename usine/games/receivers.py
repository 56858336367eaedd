"""The class challenge counts proofs as they are recorded, by the apps that record them; the
passport shows the orientation profile a pupil kept."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.template.loader import render_to_string

from usine.live.models import Question
from usine.live.questions import questions_approved
from usine.schools.models import BuildingVisit
from usine.schools.passport import Passport, building_stamped, passport_sections

from . import challenge, orientation, tasks  # noqa: F401 — tasks connects the winners' mail
from .models import ChallengePoint, QuizPass
from .quiz import quiz_passed


@receiver(building_stamped, sender=BuildingVisit, dispatch_uid="games.stamp_point")
def stamp_point(sender, visit, **kwargs):
    challenge.award(
        pupil=visit.pupil,
        kind=ChallengePoint.Kind.STAMP,
        proof=challenge.proof_of_stamp(visit),
        now=visit.stamped_at,
    )


@receiver(quiz_passed, sender=QuizPass, dispatch_uid="games.quiz_point")
def quiz_point(sender, quiz_pass, **kwargs):
    challenge.award(
        pupil=quiz_pass.pupil,
        kind=ChallengePoint.Kind.QUIZ,
        proof=challenge.proof_of_quiz(quiz_pass),
        now=quiz_pass.passed_at,
    )


@receiver(questions_approved, sender=Question, dispatch_uid="games.approved_points")
def approved_points(sender, questions, **kwargs):
    """Questions the moderators approved in a live room, once committed: the room's lock is not
    held while the classes' points are counted."""
    for question in questions:
        _question_point(question)


@receiver(post_save, sender=Question, dispatch_uid="games.question_point")
def question_point(sender, instance, update_fields=None, **kwargs):
    """A question an organizer approved by saving it (the admin); the live room approves
    with `questions_approved`."""
    if instance.state != Question.State.APPROVED or (
        update_fields and "state" not in update_fields
    ):
        return
    _question_point(instance)


def _question_point(question) -> None:
    challenge.award(
        pupil=question.author,
        kind=ChallengePoint.Kind.QUESTION,
        proof=challenge.proof_of_question(question),
    )


@receiver(passport_sections, sender=Passport, dispatch_uid="games.kept_profile")
def kept_profile(sender, pupil, **kwargs):
    """The profile the pupil kept (orientation.keep), with the trades that suit it best and the
    buildings of the pupil's edition that show them."""
    code = orientation.kept_code(pupil=pupil)
    if not code:
        return None
    return render_to_string(
        "games/_passport_profile.html",
        {
            "code": code,
            "letters": orientation.described(code),
            "matches": orientation.matches(
                code=code, edition=pupil.school_class.edition, limit=orientation.PASSPORT_TRADES
            ),
        },
    )
