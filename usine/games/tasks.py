import logging

from django.dispatch import receiver
from django_tasks import task

from . import challenge
from .models import ChallengeWinner

logger = logging.getLogger(__name__)


@task()
def tell_winner_teacher(winner_id: int) -> str:
    """Background adapter: the worker mails the teacher of a winning class."""
    challenge.tell_teacher(winner_id=winner_id)
    return "sent"


@receiver(challenge.winner_announced, sender=ChallengeWinner, dispatch_uid="games.queue_winner")
def queue_winner_mail(sender, winner, **kwargs):
    try:
        tell_winner_teacher.enqueue(winner.pk)
    except Exception:  # the organizers' page lists who was not told yet
        logger.exception("winner mail not queued (class %s)", winner.school_class_id)
