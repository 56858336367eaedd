"""What other apps do that the figures count or keep."""

from django.dispatch import receiver

from usine.live.models import Question
from usine.live.questions import questions_asked
from usine.schools.models import Pupil
from usine.schools.retention import personal_data_purged

from . import keeping
from .models import Kind
from .recording import record


@receiver(questions_asked, sender=Question, dispatch_uid="insights.count_questions")
def count_questions(sender, questions, **kwargs):
    """Pupils' questions in a live exchange, once committed (counted whatever moderation does
    with them): their classes read in one query."""
    authors = Pupil.objects.select_related("school_class__teacher__school").in_bulk(
        {question.author_id for question in questions}
    )
    for question in questions:
        pupil = authors.get(question.author_id)
        if pupil is not None:
            record(kind=Kind.QUESTION, pupil=pupil, edition=pupil.school_class.edition_id)


@receiver(personal_data_purged)
def keep_only_aggregates(sender, now, **kwargs):
    keeping.freeze_purged_editions(now=now)
