"""The desk's person on camera: during their presence, the host may go on camera at the
building's desk, in the live exchange's video room (usine/live/video.py: a Janus room computed
from a key, short-lived tokens, publishing kept to the roles that may publish).

The rules, for the safety of minors:

- Only the slot's host, still one of the building's company (rules.desk_company), goes on
  camera, and only while the slot is under way. Going on camera again in the same slot reuses
  the same room.
- A broadcast, never a conversation: the host publishes from their camera page; everyone at
  the building's desk page (visitors, pupils, teachers, organizers, the host too) only
  watches — `video.Role.VISITOR`, no publisher token, the page never asks for a camera or a
  microphone. Nobody at the desk talks with the host, so no pupil is ever alone with an
  adult, on camera or in writing.
- Questions are the desk's written questions (services.ask): each waits for an adult's approval
  (the pupil's teacher or the organizers, rules.py) before the host sees it, on camera as in
  writing; the host reads approved questions aloud and may also answer them in writing.
- The camera stops when the host stops it, when the slot ends (a task runs at its end and
  destroys the Janus room, which cuts every viewer off) or when the slot is removed; once it
  has stopped, no page asks Janus for the room again, so it is never opened anew by a viewer.
- Nothing is recorded, so there are no captions: the desk's camera is live only (the
  testimonials and the Forum's replays have captions). What is said may be kept in writing:
  the host's written answers, and the public FAQ the organizers publish.
"""

import datetime
import logging

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from usine.exhibits.models import PresenceSlot
from usine.fair.models import Building
from usine.inputs import parse_id
from usine.live import video

from . import rules
from .services import DeskError

logger = logging.getLogger(__name__)

# Sent once a host's camera is on (after the commit), with `slot`: tasks.py ends it at the
# slot's end.
camera_opened = Signal()


def room_key(slot_id: int) -> str:
    """The key of a presence's video room in Janus (see video.room_for)."""
    return f"desk-presence-{slot_id}"


def is_on_camera(slot: PresenceSlot, *, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return slot.camera_opened_at is not None and slot.starts_at <= now < slot.ends_at


def on_camera(*, building: Building, now: datetime.datetime | None = None):
    """The presence under way at the building whose host is on camera, or None."""
    now = now or timezone.now()
    return (
        building.presence_slots.filter(
            starts_at__lte=now, ends_at__gt=now, camera_opened_at__isnull=False
        )
        .order_by("ends_at", "pk")
        .first()
    )


def _hosted(*, user, slot_id) -> PresenceSlot:
    """The slot, locked, if `user` is its host and still one of its building's company."""
    slot = (
        PresenceSlot.objects.select_for_update()
        .select_related("building")
        .filter(pk=parse_id(slot_id), host_id=getattr(user, "pk", None))
        .first()
    )
    if slot is None:
        raise DeskError("not_found", _("Cette présence n'est pas la vôtre."))
    company = rules.desk_company(user)
    if company is None or company.pk != slot.building.company_id:
        raise DeskError("forbidden", _("Seule l'entreprise du bâtiment passe à la caméra."))
    return slot


def open_camera(*, user, slot_id, now: datetime.datetime | None = None) -> PresenceSlot:
    """The host goes on camera at the desk during their presence (again: the same room).

    The room is made in Janus first: when the video server is away, nobody is told the desk is
    live, and the host is told to answer in writing."""
    now = now or timezone.now()
    with transaction.atomic():
        slot = _hosted(user=user, slot_id=slot_id)
        if not slot.starts_at <= now < slot.ends_at:
            raise DeskError(
                "closed", _("La caméra s'ouvre seulement pendant votre présence à l'accueil.")
            )
        try:
            video.ensure_room(room_key=room_key(slot.pk))
        except video.JanusError as error:
            logger.warning("desk camera of presence %s unavailable: %s", slot.pk, error)
            raise DeskError(
                "unavailable",
                _(
                    "La vidéo en direct est indisponible pour le moment : répondez par écrit, "
                    "les questions arrivent toujours."
                ),
            ) from None
        mark_on_camera(slot=slot, now=now)
    return slot


def mark_on_camera(*, slot: PresenceSlot, now: datetime.datetime) -> None:
    """The slot's host is on camera from `now`, within the caller's transaction: open_camera
    once the rules are checked and the room made, and the demo's loader (the room is made when
    the first page asks for it). Once committed, the slot's end is queued (tasks.py)."""
    if slot.camera_opened_at is None:
        slot.camera_opened_at = now
        slot.save(update_fields=["camera_opened_at"])
        transaction.on_commit(lambda: camera_opened.send_robust(sender=PresenceSlot, slot=slot))


def stop_camera(*, user, slot_id) -> PresenceSlot:
    """The host leaves the camera before the end of their presence."""
    with transaction.atomic():
        slot = _hosted(user=user, slot_id=slot_id)
        _stop(slot)
    return slot


def end_camera(*, slot_id: int, now: datetime.datetime | None = None) -> bool:
    """At the slot's end (tasks.py): the camera stops, whoever forgot to. False when the slot
    is gone or not over (nothing done)."""
    now = now or timezone.now()
    with transaction.atomic():
        slot = PresenceSlot.objects.select_for_update().filter(pk=slot_id).first()
        if slot is None or slot.ends_at > now:
            return False
        _stop(slot)
    return True


def _stop(slot: PresenceSlot) -> None:
    if slot.camera_opened_at is not None:
        slot.camera_opened_at = None
        slot.save(update_fields=["camera_opened_at"])
    key = room_key(slot.pk)
    transaction.on_commit(lambda: close_room(key))


def close_room(key: str) -> None:
    """Destroys the room in Janus: every viewer is cut off. Janus away: its rooms went with it,
    and no page asks for this one again."""
    try:
        video.close_room(room_key=key)
    except video.JanusError as error:
        logger.warning("desk camera %s not closed in Janus: %s", key, error)
