"""What other apps do to a class session that the live exchange's audit log records."""

from django.dispatch import receiver

from usine.schools.console import seat_freed

from .access import TEACHER
from .models import ModerationAction
from .services import room_for_booking


@receiver(seat_freed)
def log_freed_seat(sender, booking, pupil, by=None, **kwargs):
    """The teacher freed a pseudonym (signed its browser out): in the class's room log."""
    ModerationAction.objects.create(
        room=room_for_booking(booking=booking),
        actor=by if by is not None and by.is_authenticated else None,
        actor_role=TEACHER,
        action=ModerationAction.Action.FREE_SEAT,
        pupil=pupil,
    )
