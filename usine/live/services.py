"""The live exchange of a class session: its room, found or opened, its professional changed,
and ended."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from usine.schools import class_pages

from . import video
from .access import TEACHER, Member
from .models import LiveRoom, ModerationAction
from .questions import EVERYONE, ModerationError, Outcome, lock_room, record_event


def room_for_booking(*, booking) -> LiveRoom:
    """The booking's live room, created the first time anyone asks for it."""
    with transaction.atomic():
        room, _created = LiveRoom.objects.get_or_create(booking=booking)
    return room


logger = logging.getLogger(__name__)


# --- Its professional ---------------------------------------------------------------------------

PROFESSIONAL_DISMISSED = "professional.dismissed"


def professional_group(room_id: int) -> str:
    """The channel-layer group of the room's professional sockets (consumers.py)."""
    return f"live-room-{room_id}-professional"


def set_professional(*, room: LiveRoom, user_id: int | None) -> None:
    """The room's professional changes (a schedule run, a fair-day replacement): the new one may
    enter (access.py reads LiveRoom.professional), and once committed the previous one's open
    room sockets are closed with a word for them. Within the caller's transaction."""
    previous = room.professional_id
    if previous == user_id:
        return
    LiveRoom.objects.filter(pk=room.pk).update(professional=user_id)
    room.professional_id = user_id
    class_pages.forget_classes(class_ids=[room.booking.school_class_id])  # pages show the name
    if previous is not None:
        room_id = room.pk
        transaction.on_commit(lambda: _dismiss(room_id=room_id, user_id=previous))


def _dismiss(*, room_id: int, user_id: int) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(
            professional_group(room_id), {"type": PROFESSIONAL_DISMISSED, "user_id": user_id}
        )
    except Exception:
        # Redis out of reach: each socket checks its professional at its next heartbeat.
        logger.exception("live room %s: the replaced professional was not told", room_id)


# --- Ending the exchange ------------------------------------------------------------------------

ROOM_ENDED = "room.ended"


def end_exchange(*, room_id: int, member: Member) -> Outcome:
    """The teacher ends the exchange: the room is ENDED, told to everyone, its video closed.

    Idempotent: ending an ended room stores nothing more, and only tries again to close the
    video (Janus may have been down the first time). The event is stored before anyone is told,
    like every room event, so a page that reconnects later still learns the exchange is over.
    Only the class's teacher ends it: organizers moderate many rooms at once, and the end cannot
    be undone.
    """
    if member.role != TEACHER:
        raise ModerationError("forbidden", _("Seul·e l'enseignant·e peut terminer l'échange."))
    with transaction.atomic():
        room = lock_room(room_id)
        events = []
        if room.state != LiveRoom.State.ENDED:
            room.state = LiveRoom.State.ENDED
            room.save(update_fields=["state"])
            ModerationAction.objects.create(
                room=room,
                actor_id=member.user_id,
                actor_role=member.role,
                action=ModerationAction.Action.END,
            )
            events.append(
                record_event(room, ROOM_ENDED, EVERYONE, {"ended_at": timezone.now().isoformat()})
            )
    try:
        video.close_room(room_key=video.room_key(room))
    except video.JanusError as error:
        # The video server is down or refused: the exchange is over all the same (its room
        # is destroyed when Janus restarts, and nobody gets a token for it any more).
        logger.warning("live room %s: cannot close its video: %s", room_id, error)
    return Outcome(events=events, reply={"already_ended": not events})


def broadcast(events) -> None:
    """Send stored events to the room's sockets, from synchronous code (an HTTP view).

    A failure loses nothing: the events are stored, and each process's room hub fetches
    what it missed within seconds (its watchdog).
    """
    if not events:
        return
    try:
        async_to_sync(_publish)(list(events))
    except Exception:
        logger.exception("live: cannot broadcast %d stored event(s)", len(events))


async def _publish(events) -> None:
    from .rooms.hub import get_hub

    await get_hub().publish(events)
