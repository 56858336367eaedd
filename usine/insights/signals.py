"""What other apps do that the figures count or keep."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from usine.live.models import Question
from usine.schools.retention import personal_data_purged

from . import keeping
from .models import Kind
from .recording import record


@receiver(post_save, sender=Question)
def count_question(sender, instance, created, raw=False, **kwargs):
    """A pupil's question in a live exchange (counted whatever moderation does with it)."""
    if not created or raw:
        return
    pupil = instance.author
    record(kind=Kind.QUESTION, pupil=pupil, edition=pupil.school_class.edition)


@receiver(personal_data_purged)
def keep_only_aggregates(sender, now, **kwargs):
    keeping.freeze_purged_editions(now=now)
