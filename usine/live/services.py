"""The live exchange of a class session: its room, found or opened."""

from django.db import transaction

from .models import LiveRoom


def room_for_booking(*, booking) -> LiveRoom:
    """The booking's live room, created the first time anyone asks for it."""
    with transaction.atomic():
        room, _created = LiveRoom.objects.get_or_create(booking=booking)
    return room
