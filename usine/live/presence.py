"""Who is connected to a live room: the adults (RoomPresence) and, through schools' console,
the class's pupils.

A process marks the members of its rooms seen when their first socket opens and every
HEARTBEAT_SECONDS, all at once (rooms/attendance.py); an adult whose last socket in a process
closed is gone until a socket in another process marks them seen again. A process that dies
leaves its rows behind: they go stale after PRESENCE_TIMEOUT, as pupils' seats do.
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


def mark_all(*, seen, gone, now=None) -> None:
    """A process's room members, each a (room id, Member): `seen` are there, `gone` closed their
    last socket in the process. A few statements for all of them: the pupils' seats (a pupil in
    the exchange is still in the class session for the teacher's console), the adults' rows."""
    now = now or timezone.now()
    pupils = {member.pupil_id for _room, member in seen if member.pupil_id is not None}
    if pupils:
        console.seen_all(pupil_ids=pupils, now=now)
    adults = {
        (room_id, member.user_id): member.role
        for room_id, member in seen
        if member.pupil_id is None and member.user_id is not None
    }
    if adults:
        RoomPresence.objects.bulk_create(
            [
                RoomPresence(room_id=room_id, user_id=user_id, role=role, last_seen_at=now)
                for (room_id, user_id), role in sorted(adults.items())
            ],
            update_conflicts=True,
            unique_fields=["room", "user"],
            update_fields=["role", "last_seen_at"],
        )
    left = Q()
    for room_id, member in gone:
        if member.user_id is not None:
            left |= Q(room_id=room_id, user_id=member.user_id)
    if left:
        RoomPresence.objects.filter(left).update(last_seen_at=None)


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
