"""What a round of questions reads under the room's lock, each query compiled once per process
(`usine.prepared`).

A room's asks, votes and approvals come by the dozen a second at the design point and each round
(`questions._Round`) reads the room, the pupils, the questions and their votes. Compiling those
querysets cost more of a worker's core than PostgreSQL took to answer them (py-spy at the design
point: a third of the workers' time in the rounds, most of it building and compiling SQL). The
rows come back as the models' instances, every concrete field loaded.
"""

from usine.prepared import Prepared
from usine.schools.models import Pupil

from .models import LiveRoom, Question, Upvote


def _names(model) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


ROOM_FIELDS = ["id", "state", "last_event_seq"]
PUPIL_FIELDS = _names(Pupil)
QUESTION_FIELDS = _names(Question)

_ROOM = Prepared(
    lambda room_id: (
        LiveRoom.objects.select_for_update().filter(pk=room_id).values_list(*ROOM_FIELDS)
    ),
    values=1,
)
_PUPILS = Prepared(
    lambda ids: Pupil.objects.filter(pk__in=ids).values_list(*PUPIL_FIELDS),
    values=1,
)
_QUESTIONS = Prepared(
    lambda room_id, ids: Question.objects.filter(room_id=room_id, pk__in=ids).values_list(
        *QUESTION_FIELDS, *(f"author__{name}" for name in PUPIL_FIELDS)
    ),
    values=2,
)
_VOTES = Prepared(
    lambda question_ids, pupil_ids: Upvote.objects.filter(
        question_id__in=question_ids, pupil_id__in=pupil_ids
    ).values_list("question_id", "pupil_id"),
    values=2,
)


def locked_room(room_id: int) -> LiveRoom | None:
    """The room, its row locked until the transaction ends (its state and event sequence
    loaded; other fields are read when asked)."""
    rows = _ROOM.rows(room_id)
    return LiveRoom.from_db("default", ROOM_FIELDS, rows[0]) if rows else None


def pupils(ids) -> dict[int, Pupil]:
    return {
        pupil.pk: pupil
        for pupil in (Pupil.from_db("default", PUPIL_FIELDS, row) for row in _PUPILS.rows(ids))
    }


def questions(*, room_id: int, ids) -> dict[int, Question]:
    """The room's questions among `ids`, each with its author."""
    found = {}
    split = len(QUESTION_FIELDS)
    for row in _QUESTIONS.rows(room_id, ids):
        question = Question.from_db("default", QUESTION_FIELDS, row[:split])
        question.author = Pupil.from_db("default", PUPIL_FIELDS, row[split:])
        found[question.pk] = question
    return found


def votes(*, question_ids, pupil_ids) -> set[tuple[int, int]]:
    """(question id, pupil id) of the votes these pupils gave these questions."""
    return set(_VOTES.rows(question_ids, pupil_ids))
