"""The organizers' fair-day console: today's session slots, each class's state, and the alerts.

Read from what every process writes to the database: the teacher's console and the live room
sockets stamp presence (schools' Booking.teacher_seen_at and SeatClaim.last_seen_at, live's
RoomPresence), questions wait in the room's table, the professional comes from the current
schedule run. The page and its JSON (polled by static/professionals/fair_day.js) read `overview`.

Alerts, on top of the page and on their row:
- a class in session, or starting within the hour, without a professional;
- a professional not connected PROFESSIONAL_DEADLINE before the exchange (minute 58);
- a room with questions waiting and no moderator (teacher or organizer) connected.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from usine import versions
from usine.fair.models import Edition, SessionSlot
from usine.live import presence
from usine.live.access import ORGANIZER, PROFESSIONAL, TEACHER
from usine.live.models import LiveRoom
from usine.schools import console, session_clock
from usine.schools.models import Booking

from .models import Assignment, Professional, SlotMessage
from .schedule import current_run_id

# A class without a professional is an alert from this long before its start.
UNASSIGNED_WARNING = datetime.timedelta(hours=1)
# The professional must be in the room this long before the exchange (minute 58 of 60).
PROFESSIONAL_DEADLINE = datetime.timedelta(minutes=2)

NO_PROFESSIONAL = "no_professional"
PROFESSIONAL_ABSENT = "professional_absent"
UNMODERATED = "unmoderated"


@dataclass(frozen=True)
class Alert:
    kind: str
    booking_id: int
    message: str

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.booking_id}"


@dataclass
class ClassState:
    booking: Booking
    room: LiveRoom | None
    professional: Professional | None
    teacher_connected: bool
    pupils_connected: int
    pupils: int
    professional_connected: bool
    moderator_connected: bool
    pending_questions: int
    phase: str
    alerts: list[Alert] = field(default_factory=list)

    @property
    def ended(self) -> bool:
        return self.room is not None and self.room.state == LiveRoom.State.ENDED

    @property
    def exchange_label(self) -> str:
        if self.ended or self.phase == session_clock.OVER:
            return _("terminé")
        if self.phase == session_clock.LIVE:
            return _("échange en cours")
        if self.phase == session_clock.EXPLORING:
            return _("exploration de la ville")
        if self.phase == session_clock.WAITING:
            return _("accueil des élèves")
        return _("à venir")

    def as_json(self) -> dict:
        pro = self.professional
        return {
            "booking": self.booking.pk,
            "class": self.booking.school_class.name,
            "school": self.booking.school_class.teacher.school.name,
            "teacher_connected": self.teacher_connected,
            "pupils_connected": self.pupils_connected,
            "pupils": self.pupils,
            "professional": pro.first_name if pro else None,
            "professional_connected": self.professional_connected,
            "moderator_connected": self.moderator_connected,
            "pending_questions": self.pending_questions,
            "phase": self.phase,
            "state": "ended" if self.ended else self.phase,
            "alerts": [alert.kind for alert in self.alerts],
        }


@dataclass
class SlotState:
    slot: SessionSlot
    phase: str
    classes: list[ClassState]
    messages: list[SlotMessage]

    def as_json(self) -> dict:
        return {
            "slot": self.slot.pk,
            "starts_at": self.slot.starts_at.isoformat(),
            "phase": self.phase,
            "classes": [row.as_json() for row in self.classes],
            "messages": len(self.messages),
        }


@dataclass
class Overview:
    day: datetime.date
    now: datetime.datetime
    slots: list[SlotState]

    @property
    def alerts(self) -> list[Alert]:
        return [alert for slot in self.slots for row in slot.classes for alert in row.alerts]

    def as_json(self) -> dict:
        return {
            "day": self.day.isoformat(),
            "now": self.now.isoformat(),
            "alerts": [
                {"key": a.key, "kind": a.kind, "booking": a.booking_id, "message": a.message}
                for a in self.alerts
            ],
            "slots": [slot.as_json() for slot in self.slots],
        }


def today_slots(*, edition: Edition, now: datetime.datetime) -> list[SessionSlot]:
    """The slots of the day, and one from the day before still running after midnight."""
    day = timezone.localdate(now)
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    slots = SessionSlot.objects.filter(
        edition=edition,
        starts_at__gte=start - datetime.timedelta(days=1),
        starts_at__lt=start + datetime.timedelta(days=1),
    ).order_by("starts_at")
    return [slot for slot in slots if slot.starts_at >= start or slot.timeline.ends_at > now]


# A run's assignments never change (a replacement makes a new run): what the teacher's class
# page and console show of their professional is kept per run and bookings, under a version that
# a change to a professional, their trade or their company renews (signals.py).
ASSIGNED_CACHE_KEY = "assigned:{run_id}:{bookings}"
PROFESSIONALS_VERSION_KEY = "professionals:version"
ASSIGNED_CACHE_SECONDS = 3600


def forget_professionals() -> None:
    versions.renew_on_change([PROFESSIONALS_VERSION_KEY], ASSIGNED_CACHE_SECONDS)


def assigned_professionals(*, edition: Edition, booking_ids) -> dict[int, Professional]:
    """booking id → its professional in the current schedule (with their trade and company)."""
    run_id = current_run_id(edition_id=edition.pk)
    booking_ids = sorted(booking_ids)
    if run_id is None or not booking_ids:
        return {}
    bookings = ",".join(map(str, booking_ids))
    if len(bookings) > 200:  # a key stays short: the organizers' overview reads the database
        bookings = hashlib.sha256(bookings.encode()).hexdigest()
    return versions.kept(
        key=ASSIGNED_CACHE_KEY.format(run_id=run_id, bookings=bookings),
        version_key=PROFESSIONALS_VERSION_KEY,
        read=lambda: _assigned(run_id, booking_ids),
        seconds=ASSIGNED_CACHE_SECONDS,
    )


def _assigned(run_id: int, booking_ids: list[int]) -> dict[int, Professional]:
    rows = Assignment.objects.filter(run_id=run_id, booking_id__in=booking_ids).select_related(
        "professional__trade", "professional__company", "professional__user"
    )
    return {row.booking_id: row.professional for row in rows}


def overview(*, edition: Edition, now: datetime.datetime | None = None) -> Overview:
    now = now or timezone.now()
    slots = today_slots(edition=edition, now=now)
    rows = class_states(edition=edition, bookings=Booking.objects.filter(slot__in=slots), now=now)
    messages: dict[int, list[SlotMessage]] = {}
    for message in SlotMessage.objects.filter(slot__in=slots).select_related("sent_by"):
        messages.setdefault(message.slot_id, []).append(message)
    by_slot: dict[int, list[ClassState]] = {slot.pk: [] for slot in slots}
    for row in rows:
        by_slot[row.booking.slot_id].append(row)
    return Overview(
        day=timezone.localdate(now),
        now=now,
        slots=[
            SlotState(
                slot=slot,
                phase=session_clock.clock_for(slot=slot, now=now).phase,
                classes=by_slot[slot.pk],
                messages=messages.get(slot.pk, []),
            )
            for slot in slots
        ],
    )


def class_state(
    *,
    booking: Booking,
    now: datetime.datetime | None = None,
    pupils: int | None = None,
    pupils_connected: int | None = None,
) -> ClassState:
    """One class's state (the teacher's console shows it). The console has just counted the
    class's pupils (`pupils`, `pupils_connected`): the booking is then not read again, nor its
    live room when it came with the booking."""
    now = now or timezone.now()
    if pupils is None or pupils_connected is None:
        (row,) = class_states(
            edition=booking.slot.edition, bookings=Booking.objects.filter(pk=booking.pk), now=now
        )
        return row
    booking.pupils, booking.pupils_connected = pupils, pupils_connected
    if Booking.live_room.is_cached(booking):
        room = getattr(booking, "live_room", None)  # None: the room is not open yet
    else:
        room = LiveRoom.objects.filter(booking_id=booking.pk).first()
    rooms = {booking.pk: room}
    return _states(edition=booking.slot.edition, bookings=[booking], rooms=rooms, now=now)[0]


def class_states(*, edition: Edition, bookings, now: datetime.datetime) -> list[ClassState]:
    bookings = list(
        bookings.select_related("slot", "school_class__teacher__school", "live_room")
        .annotate(
            pupils=Count("school_class__pupils", distinct=True),
            pupils_connected=Count(
                "school_class__pupils",
                filter=Q(
                    school_class__pupils__seat_claim__last_seen_at__gte=now
                    - console.PRESENCE_TIMEOUT
                ),
                distinct=True,
            ),
        )
        .order_by("slot__starts_at", "school_class__name", "pk")
    )
    rooms = {b.pk: getattr(b, "live_room", None) for b in bookings}
    return _states(edition=edition, bookings=bookings, rooms=rooms, now=now)


def _states(
    *, edition: Edition, bookings: list[Booking], rooms: dict, now: datetime.datetime
) -> list[ClassState]:
    """The rows of bookings read with their slot, class, teacher and pupil counts; `rooms`:
    booking id → its live room or None."""
    room_ids = [room.pk for room in rooms.values() if room is not None]
    connected = presence.connected(room_ids=room_ids, now=now)
    pending = presence.pending_questions(room_ids=room_ids)
    professionals = assigned_professionals(edition=edition, booking_ids=rooms)
    rows = []
    for booking in bookings:
        room = rooms[booking.pk]
        here = connected.get(room.pk, {}) if room is not None else {}
        pro = professionals.get(booking.pk)
        teacher_id = booking.school_class.teacher.user_id
        row = ClassState(
            booking=booking,
            room=room,
            professional=pro,
            teacher_connected=console.is_connected(booking.teacher_seen_at, now=now)
            or teacher_id in here.get(TEACHER, ()),
            pupils_connected=booking.pupils_connected,
            pupils=booking.pupils,
            professional_connected=pro is not None and pro.user_id in here.get(PROFESSIONAL, ()),
            moderator_connected=bool(here.get(TEACHER) or here.get(ORGANIZER)),
            pending_questions=pending.get(room.pk, 0) if room is not None else 0,
            phase=session_clock.clock_for(slot=booking.slot, now=now).phase,
        )
        row.alerts = alerts_for(row, now=now)
        rows.append(row)
    return rows


def alerts_for(row: ClassState, *, now: datetime.datetime) -> list[Alert]:
    timeline = row.booking.slot.timeline
    if row.ended or now >= timeline.ends_at:
        return []
    name = row.booking.school_class.name
    found = []
    if row.professional is None:
        if now >= timeline.starts_at - UNASSIGNED_WARNING:
            found.append(
                Alert(
                    NO_PROFESSIONAL,
                    row.booking.pk,
                    _("La classe %(name)s n'a pas de professionnel·le pour son échange.")
                    % {"name": name},
                )
            )
    elif not row.professional_connected and now >= (
        timeline.exchange_starts_at - PROFESSIONAL_DEADLINE
    ):
        found.append(
            Alert(
                PROFESSIONAL_ABSENT,
                row.booking.pk,
                _("%(pro)s n'est pas connecté·e à l'échange de la classe %(name)s.")
                % {"pro": row.professional.first_name, "name": name},
            )
        )
    # Questions asked during the hour of exploration wait for the teacher, who is called into
    # the room a few minutes before the exchange: nobody is missing before then.
    if row.pending_questions and not row.moderator_connected and now >= timeline.teacher_called_at:
        found.append(
            Alert(
                UNMODERATED,
                row.booking.pk,
                ngettext(
                    "%(count)s question attend dans la salle de la classe %(name)s et "
                    "personne ne modère.",
                    "%(count)s questions attendent dans la salle de la classe %(name)s et "
                    "personne ne modère.",
                    row.pending_questions,
                )
                % {"count": row.pending_questions, "name": name},
            )
        )
    return found
