"""A building's quiz: its content, how an exhibitor writes it, how an organizer checks it, and
how a player's answers are marked.

Content (Quiz.draft and Quiz.published) is a dict `{"questions": [question, …]}`, each question
`{"text", "choices": [2 to 4 strings], "answer": index of the right choice, "explanation"}`
with optional English twins `text_en`, `choices_en`, `explanation_en`. `clean_content` is the
one place that says what a valid quiz is.

Marking happens on the server from the answers posted, never from what a page says: a quiz is
passed with at most one mistake from 4 questions (none below). A pupil in session who passes
gets the building's stamp in the passport, once per quiz (QuizPass); anyone else just gets the
correction. Nothing is stored about a visitor without an account.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from usine.exhibits import publication
from usine.exhibits.models import Company
from usine.fair.models import Building
from usine.schools import passport
from usine.schools.models import Pupil
from usine.town.services import forget_town

from .errors import AlreadyHandled, InvalidQuiz, NoQuiz
from .models import Quiz, QuizPass

MIN_QUESTIONS, MAX_QUESTIONS = 3, 5
MIN_CHOICES, MAX_CHOICES = 2, 4
TEXT_MAX = 300
EXPLANATION_MAX = 600

# Sent on commit whenever anyone submits a quiz: figures only, never who played.
# kwargs: building_id, questions, correct, passed, by_pupil (a pupil in session or not)
quiz_played = Signal()
# Sent on commit when a pupil's pass is recorded (the class challenge counts it).
# kwargs: quiz_pass
quiz_passed = Signal()


def allowed_mistakes(questions: int) -> int:
    return 1 if questions >= 4 else 0


# --- Content --------------------------------------------------------------------------------


def clean_content(raw) -> dict:
    """The content as stored, or InvalidQuiz naming the field to fix (`q2_choice1`…)."""
    if not isinstance(raw, dict) or not isinstance(raw.get("questions"), list):
        raise InvalidQuiz()
    questions = []
    for number, question in enumerate(raw["questions"], start=1):
        if not isinstance(question, dict):
            raise InvalidQuiz()
        questions.append(_clean_question(number, question))
    if not MIN_QUESTIONS <= len(questions) <= MAX_QUESTIONS:
        raise InvalidQuiz(
            _("Un quiz compte de %(low)s à %(high)s questions.")
            % {"low": MIN_QUESTIONS, "high": MAX_QUESTIONS}
        )
    return {"questions": questions}


def _text(value, *, limit: int, field: str, required: bool = True) -> str:
    text = " ".join(str(value or "").split())
    if required and not text:
        raise InvalidQuiz(_("Ce champ est obligatoire."), field=field)
    if len(text) > limit:
        raise InvalidQuiz(_("%(limit)s caractères au plus.") % {"limit": limit}, field=field)
    return text


def _clean_question(number: int, raw: dict) -> dict:
    prefix = f"q{number}_"
    choices = [c for c in (raw.get("choices") or []) if str(c or "").strip()]
    if not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
        raise InvalidQuiz(
            _("Proposez de %(low)s à %(high)s réponses.")
            % {"low": MIN_CHOICES, "high": MAX_CHOICES},
            field=prefix + "choice1",
        )
    answer = raw.get("answer")
    if isinstance(answer, bool) or not isinstance(answer, int) or not 0 <= answer < len(choices):
        raise InvalidQuiz(_("Indiquez la bonne réponse."), field=prefix + "answer")
    question = {
        "text": _text(raw.get("text"), limit=TEXT_MAX, field=prefix + "text"),
        "choices": [
            _text(c, limit=TEXT_MAX, field=f"{prefix}choice{i}") for i, c in enumerate(choices, 1)
        ],
        "answer": answer,
        "explanation": _text(
            raw.get("explanation"), limit=EXPLANATION_MAX, field=prefix + "explanation"
        ),
    }
    text_en = _text(raw.get("text_en"), limit=TEXT_MAX, field=prefix + "text_en", required=False)
    if text_en:
        choices_en = [str(c or "") for c in (raw.get("choices_en") or [])][: len(choices)]
        if len(choices_en) != len(choices) or not all(c.strip() for c in choices_en):
            raise InvalidQuiz(
                _("Traduisez chaque réponse, ou aucune partie de la question."),
                field=prefix + "choice1_en",
            )
        question["text_en"] = text_en
        question["choices_en"] = [
            _text(c, limit=TEXT_MAX, field=f"{prefix}choice{i}_en")
            for i, c in enumerate(choices_en, 1)
        ]
        question["explanation_en"] = _text(
            raw.get("explanation_en"), limit=EXPLANATION_MAX, field=prefix + "explanation_en"
        )
    return question


@dataclass(frozen=True)
class ShownQuestion:
    number: int
    text: str
    choices: list[tuple[int, str]]
    explanation: str
    answer: int


def shown(content: dict, *, language: str | None = None) -> list[ShownQuestion]:
    """The questions in the reader's language (English where the exhibitor wrote it)."""
    english = (language or get_language()) == "en"
    questions = []
    for number, question in enumerate(content.get("questions", []), start=1):
        en = english and bool(question.get("text_en"))
        choices = question["choices_en"] if en else question["choices"]
        questions.append(
            ShownQuestion(
                number=number,
                text=question["text_en"] if en else question["text"],
                choices=list(enumerate(choices)),
                explanation=question["explanation_en"] if en else question["explanation"],
                answer=question["answer"],
            )
        )
    return questions


# --- The exhibitor and the organizers ---------------------------------------------------------


def quiz_of(*, company: Company) -> Quiz | None:
    return Quiz.objects.filter(company=company).first()


def save_quiz(*, company: Company, content, now=None) -> Quiz:
    """The exhibitor's quiz: published at once, or waiting for an organizer when the company's
    building is in an edition that reviews what exhibitors publish (the public keeps playing the
    last approved version meanwhile)."""
    content = clean_content(content)
    now = now or timezone.now()
    review = publication.review_required(building=publication.current_building(company=company))
    with transaction.atomic():
        quiz = Quiz.objects.select_for_update().filter(company=company).first()
        if quiz is None:
            quiz = Quiz(company=company)
        quiz.draft, quiz.submitted_at, quiz.refusal_reason = content, now, ""
        if review:
            quiz.state = Quiz.State.PENDING
        else:
            quiz.state, quiz.published, quiz.published_at = Quiz.State.PUBLISHED, content, now
        quiz.save()
        transaction.on_commit(_forget_pages)
    return quiz


def approve(*, quiz: Quiz, now=None) -> Quiz:
    with transaction.atomic():
        quiz = Quiz.objects.select_for_update().get(pk=quiz.pk)
        if quiz.state != Quiz.State.PENDING:
            raise AlreadyHandled()
        quiz.state, quiz.published = Quiz.State.PUBLISHED, quiz.draft
        quiz.published_at = now or timezone.now()
        quiz.save(update_fields=["state", "published", "published_at"])
        transaction.on_commit(_forget_pages)
    return quiz


def refuse(*, quiz: Quiz, reason: str) -> Quiz:
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise InvalidQuiz(_("Dites à l'exposant ce qu'il doit changer."), field="refusal_reason")
    with transaction.atomic():
        updated = Quiz.objects.filter(pk=quiz.pk, state=Quiz.State.PENDING).update(
            state=Quiz.State.REFUSED, refusal_reason=reason[:1000]
        )
        if not updated:
            raise AlreadyHandled()
    quiz.refresh_from_db()
    return quiz


def pending_quizzes():
    return Quiz.objects.filter(state=Quiz.State.PENDING).select_related("company")


def _forget_pages() -> None:
    # The building pages draw the quiz in their shared part: a new version shows it.
    forget_town()


# --- Playing ------------------------------------------------------------------------------------


def public_quiz(*, building: Building) -> Quiz | None:
    """The building's quiz as the public plays it (None until a version is published)."""
    quiz = Quiz.objects.filter(company_id=building.company_id).first()
    if quiz is None or not quiz.published.get("questions"):
        return None
    return quiz


@dataclass
class Marked:
    building: Building
    questions: list[ShownQuestion]
    given: list[int | None]  # the choice posted for each question (None: none)
    right: list[int]
    correct: int
    passed: bool
    stamped: bool = False  # this very submission stamped the pupil's passport
    already: bool = False  # the pupil had passed this quiz before
    passport: dict | None = None  # the pupil's passport after this stamp (the session bar's)

    @property
    def total(self) -> int:
        return len(self.questions)

    def rows(self):
        return list(zip(self.questions, self.given, self.right, strict=True))


def mark(*, building: Building, answers: dict, pupil: Pupil | None = None, now=None) -> Marked:
    """Mark the answers (`{"q1": "0", …}`, choices by index); a pupil whose class session is
    on and who passes gets the building's stamp, once. Raises NoQuiz."""
    quiz = public_quiz(building=building)
    if quiz is None:
        raise NoQuiz()
    content = quiz.published
    given = [
        _choice(answers.get(f"q{n}"), len(q["choices"]))
        for n, q in enumerate(content["questions"], 1)
    ]
    right = [q["answer"] for q in content["questions"]]
    correct = sum(g == r for g, r in zip(given, right, strict=True))
    passed = correct >= len(right) - allowed_mistakes(len(right))
    marked = Marked(
        building=building,
        questions=shown(content),
        given=given,
        right=right,
        correct=correct,
        passed=passed,
    )
    if pupil is not None and pupil.school_class.edition_id == building.edition_id:
        _record(marked, quiz=quiz, pupil=pupil, now=now)
    transaction.on_commit(
        lambda: quiz_played.send(
            sender=Quiz,
            building_id=building.pk,
            questions=marked.total,
            correct=correct,
            passed=passed,
            by_pupil=pupil is not None,
        )
    )
    return marked


def _choice(value, count: int) -> int | None:
    text = str(value if value is not None else "").strip()
    if not text.isdigit() or len(text) > 2:
        return None
    index = int(text)
    return index if index < count else None


def _record(marked: Marked, *, quiz: Quiz, pupil: Pupil, now) -> None:
    if QuizPass.objects.filter(pupil=pupil, quiz=quiz).exists():
        marked.already = True
        return
    if not marked.passed:
        return
    try:
        with transaction.atomic():
            quiz_pass = QuizPass.objects.create(
                pupil=pupil, quiz=quiz, building=marked.building, correct=marked.correct
            )
            stamps = passport.stamp_for_quiz(pupil=pupil, building=marked.building, now=now)
            transaction.on_commit(lambda: quiz_passed.send(sender=QuizPass, quiz_pass=quiz_pass))
    except IntegrityError:  # the same pupil's other request passed it a moment ago
        marked.already = True
        return
    marked.stamped = bool(stamps.new_stamp)
    marked.passport = stamps.as_json()
