"""Who is connected to a live room: the adults (RoomPresence) and, through schools' console,
the class's pupils.

A room socket marks its member seen when it opens and every HEARTBEAT_SECONDS; the last socket
of an adult in a process marks them gone when it closes. A process that dies leaves its rows
behind: they go stale after PRESENCE_TIMEOUT, as pupils' seats do.
"""

from django.db.models import Count, Q
from django.utils import timezone

from usine.schools import console

from .access import Member
from .models import Question, RoomPresence

PRESENCE_TIMEOUT = console.PRESENCE_TIMEOUT
HEARTBEAT_SECONDS = console.HEARTBEAT_SECONDS


def seen(*, room_id: int, member: Member, now=None) -> None:
    now = now or timezone.now()
    if member.pupil_id is not None:
        # A pupil in the exchange is still in the class session for the teacher's console.
        console.seen(pupil_id=member.pupil_id, now=now)
    elif member.user_id is not None:
        RoomPresence.objects.update_or_create(
            room_id=room_id,
            user_id=member.user_id,
            defaults={"role": member.role, "last_seen_at": now},
        )


def gone(*, room_id: int, member: Member) -> None:
    if member.user_id is not None:
        RoomPresence.objects.filter(room_id=room_id, user_id=member.user_id).update(
            last_seen_at=None
        )


def connected(*, room_ids, now=None) -> dict[int, dict[str, set[int]]]:
    """room id → role → ids of the adults connected now."""
    room_ids = list(room_ids)
    if not room_ids:  # a class still exploring has no room yet: nothing to read
        return {}
    now = now or timezone.now()
    found: dict[int, dict[str, set[int]]] = {}
    rows = RoomPresence.objects.filter(
        room_id__in=room_ids, last_seen_at__gte=now - PRESENCE_TIMEOUT
    ).values_list("room_id", "role", "user_id")
    for room_id, role, user_id in rows:
        found.setdefault(room_id, {}).setdefault(role, set()).add(user_id)
    return found


def pending_questions(*, room_ids) -> dict[int, int]:
    """room id → questions waiting for a moderator."""
    room_ids = list(room_ids)
    if not room_ids:
        return {}
    rows = (
        Question.objects.filter(room_id__in=room_ids)
        .values("room_id")
        .annotate(pending=Count("pk", filter=Q(state=Question.State.PENDING)))
    )
    return {row["room_id"]: row["pending"] for row in rows}
