"""Who may enter a live room, and as what.

Only the class's pupils, its teacher, the assigned professional and organizers (staff) enter;
everyone else is told the room does not exist (404 over HTTP, close code 4404 on a socket).
Pupils have no account: the pupils' join flow (schools/join.py) puts the pupil's id in the
session under `PUPIL_SESSION_KEY`.
"""

from dataclasses import dataclass
from types import SimpleNamespace

from django.contrib import auth
from django.http import Http404
from django.shortcuts import get_object_or_404

from usine import sockets, versions
from usine.organizers import is_organizer
from usine.schools import class_pages, join
from usine.schools.join import PUPIL_SESSION_KEY
from usine.schools.models import Pupil

from .models import LiveRoom

PUPIL = "pupil"
TEACHER = "teacher"
PROFESSIONAL = "professional"
ORGANIZER = "organizer"
MODERATOR_ROLES = frozenset({TEACHER, ORGANIZER})


@dataclass(frozen=True)
class Member:
    role: str
    user_id: int | None = None
    pupil_id: int | None = None
    pseudonym: str = ""

    @property
    def is_moderator(self) -> bool:
        return self.role in MODERATOR_ROLES


def member(*, user, session, room: LiveRoom) -> Member | None:
    """The role of whoever holds this user and session in the room, or None."""
    if user is not None and user.is_authenticated and user.is_active:
        school_class = room.booking.school_class
        if school_class.teacher.user_id == user.pk:
            return Member(TEACHER, user_id=user.pk)
        if is_organizer(user):
            return Member(ORGANIZER, user_id=user.pk)
        if room.professional_id == user.pk:
            return Member(PROFESSIONAL, user_id=user.pk)
    pupil_id = session.get(PUPIL_SESSION_KEY) if session is not None else None
    if pupil_id is not None:
        pupil = Pupil.objects.filter(
            pk=pupil_id, school_class_id=room.booking.school_class_id
        ).first()
        if pupil is not None:
            return Member(PUPIL, pupil_id=pupil.pk, pseudonym=pupil.pseudonym)
    return None


def is_room_professional(*, room_id: int, user_id: int) -> bool:
    """Whether the account is still the room's professional (a replacement changes it)."""
    return LiveRoom.objects.filter(pk=room_id, professional_id=user_id).exists()


def socket_member(*, session_key: str | None, room_id: int) -> Member | None:
    """`member` for a room socket: the browser session from the handshake's cookie, and the
    account signed in to it as Django reads it for a request; None for a room that does not
    exist."""
    room = (
        LiveRoom.objects.select_related("booking__school_class__teacher").filter(pk=room_id).first()
    )
    if room is None:
        return None
    session = sockets.session_store(session_key)
    user = auth.get_user(SimpleNamespace(session=session)) if session is not None else None
    return member(user=user, session=session, room=room)


def request_member_or_404(request, room: LiveRoom) -> Member:
    """For the room's pages: the visitor's role, or 404 for anyone who may not enter.

    A pupil's seat, read once per request and kept in the cache until any seat, pupil or class
    changes (`join.request_claim`), says the pupil's class: the page of thirty pupils opening
    the room at once reads no pupil row."""
    user = request.user
    if not (user.is_authenticated and user.is_active):
        claim = join.request_claim(request)
        if claim is not None and claim.pupil.school_class_id == room.booking.school_class_id:
            return Member(PUPIL, pupil_id=claim.pupil_id, pseudonym=claim.pupil.pseudonym)
    found = member(user=user, session=request.session, room=room)
    if found is None:
        raise Http404
    return found


# A class's pupils open their room's page together, and again at each reload: the room with
# what the page shows of it (its booking, slot, class, professional) is kept under the class's
# version (schools/class_pages.py), which a change to the room (signals.py) renews too.
ROOM_CACHE_KEY = "live:room:{room_id}"


def _room_query():
    return LiveRoom.objects.select_related(
        "booking__school_class__teacher", "booking__slot", "professional"
    )


def request_room_member(request, room_id) -> tuple[LiveRoom, Member]:
    """The room and the visitor's role in it, or 404 for anyone who may not enter. A pupil's
    room comes from the cache (its seat says its class)."""
    user = request.user
    if not (user.is_authenticated and user.is_active):
        claim = join.request_claim(request)
        if claim is not None:
            class_id = claim.pupil.school_class_id
            room = versions.kept(
                key=ROOM_CACHE_KEY.format(room_id=int(room_id)),
                version_key=class_pages.CLASS_VERSION_KEY.format(class_id=class_id),
                read=lambda: (
                    _room_query().filter(pk=room_id, booking__school_class_id=class_id).first()
                ),
                seconds=class_pages.CLASS_CACHE_SECONDS,
            )
            if room is not None and room.booking.school_class_id == class_id:
                pupil = claim.pupil
                return room, Member(PUPIL, pupil_id=pupil.pk, pseudonym=pupil.pseudonym)
    room = get_object_or_404(_room_query(), pk=room_id)
    return room, request_member_or_404(request, room)
