"""Replacing a class's professional on the fair day, even once its session has started.

Two ways, both from the organizers' fair-day console:
- `replace`: the organizer picks a backup among `candidates` (free at that time: they declared
  the slot and have no other class in it; those of a trade the class wished first);
- `resolve`: a minimal-change re-solve of the schedule from this slot on, started sessions
  included (the scheduler's own re-solve only touches sessions still to come).

Either way the professional who did not come loses the slot from their availability (no later
re-solve gives it back to them), the schedule gets a new run, the live room lets the new
professional in (access.py reads LiveRoom.professional), and once committed the teacher and
both professionals are e-mailed by `mail.notify_changes`, the one place that tells people their
exchange changed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from usine.fair.models import Edition
from usine.live.access import ORGANIZER
from usine.live.models import LiveRoom, ModerationAction
from usine.live.services import room_for_booking, set_professional
from usine.schools.models import Booking

from . import schedule, scheduler
from .mail import notify_changes
from .models import Assignment, Professional, ScheduleRun
from .services import ProfessionalsError


class ReplacementError(ProfessionalsError):
    pass


@dataclass(frozen=True)
class Candidate:
    professional: Professional
    wished: bool  # their trade is one the class asked for
    same_trade: bool  # the same trade as the professional replaced
    at_day_limit: bool  # already at their daily number of exchanges


def _check_open(booking: Booking, now: datetime.datetime) -> None:
    if now >= booking.slot.timeline.ends_at:
        raise ReplacementError(_("Cette session est terminée : l'échange ne peut plus changer."))
    room = getattr(booking, "live_room", None)
    if room is not None and room.state == LiveRoom.State.ENDED:
        raise ReplacementError(_("L'enseignant·e a déjà terminé cet échange."))


def current_professional(*, booking: Booking) -> Professional | None:
    run = schedule.current_run(edition=booking.slot.edition)
    if run is None:
        return None
    found = (
        Assignment.objects.filter(run=run, booking=booking)
        .select_related("professional__trade", "professional__user")
        .first()
    )
    return found.professional if found else None


def candidates(*, booking: Booking) -> list[Candidate]:
    """Professionals free for this class's slot, the best backups first."""
    slot = booking.slot
    run = schedule.current_run(edition=slot.edition)
    busy: set[int] = set()
    per_day: dict[int, int] = {}
    if run is not None:
        busy = set(
            Assignment.objects.filter(run=run, booking__slot=slot).values_list(
                "professional_id", flat=True
            )
        )
        day = timezone.localdate(slot.starts_at)
        for pro_id, starts_at in Assignment.objects.filter(run=run).values_list(
            "professional_id", "booking__slot__starts_at"
        ):
            if timezone.localdate(starts_at) == day:
                per_day[pro_id] = per_day.get(pro_id, 0) + 1
    current = current_professional(booking=booking)
    current_trade = current.trade_id if current is not None else None
    wanted = set(booking.school_class.wanted_trades.values_list("pk", flat=True))
    free = (
        Professional.objects.filter(
            edition=slot.edition,
            charter_accepted_at__isnull=False,
            trade__isnull=False,
            user__is_active=True,
            available_slots=slot,
        )
        .exclude(pk__in=busy)
        .select_related("trade", "company", "user")
    )
    found = [
        Candidate(
            professional=pro,
            wished=pro.trade_id in wanted,
            same_trade=current_trade is not None and pro.trade_id == current_trade,
            at_day_limit=per_day.get(pro.pk, 0) >= pro.max_per_day,
        )
        for pro in free
    ]
    found.sort(
        key=lambda c: (
            not c.wished,
            not c.same_trade,
            c.at_day_limit,
            c.professional.first_name,
            c.professional.pk,
        )
    )
    return found


def _lock(edition: Edition) -> ScheduleRun | None:
    """The edition's current run, with the edition locked as every schedule change does."""
    Edition.objects.select_for_update().filter(pk=edition.pk).first()
    return schedule.current_run(edition=edition)


def _withdraw(professional: Professional | None, booking: Booking) -> None:
    if professional is not None:
        professional.available_slots.remove(booking.slot)


def replace(
    *, booking: Booking, professional: Professional, by=None, now=None
) -> Professional | None:
    """Give the class `professional` (one of `candidates`); returns the one replaced."""
    now = now or timezone.now()
    _check_open(booking, now)
    edition = booking.slot.edition
    with transaction.atomic():
        previous = _lock(edition)
        if professional.pk not in {c.professional.pk for c in candidates(booking=booking)}:
            raise ReplacementError(
                _("%(name)s n'est pas libre à cette heure-là.") % {"name": professional.first_name}
            )
        before = schedule.assignment_map(previous)
        old_id = before.get(booking.pk)
        old = Professional.objects.filter(pk=old_id).first() if old_id else None
        after = {**before, booking.pk: professional.pk}
        result = dict(previous.result) if previous is not None else {}
        result.update(
            {
                "assigned": len(after),
                "unassigned": [
                    row for row in result.get("unassigned", []) if row["booking"] != booking.pk
                ],
                "changed": [booking.pk],
                "replaced": {"booking": booking.pk, "before": old_id, "after": professional.pk},
                "seconds": 0,
            }
        )
        run = ScheduleRun.objects.create(
            edition=edition,
            kind=ScheduleRun.Kind.REPLACE,
            status=ScheduleRun.Status.DONE,
            progress=100,
            women_target_share=(
                previous.women_target_share
                if previous is not None
                else schedule.default_women_target_share()
            ),
            started_by=by,
            previous=previous,
            result=result,
            finished_at=now,
        )
        Assignment.objects.bulk_create(
            Assignment(run=run, booking_id=sid, professional_id=pro) for sid, pro in after.items()
        )
        _withdraw(old, booking)
        room = room_for_booking(booking=booking)
        set_professional(room=room, user_id=professional.user_id)
        ModerationAction.objects.create(
            room=room,
            actor=by,
            actor_role=ORGANIZER,
            action=ModerationAction.Action.REPLACE,
            reason=professional.first_name[:40],
        )
        affected = sorted({professional.pk} | ({old_id} if old_id else set()))
        transaction.on_commit(
            lambda: notify_changes(
                run_id=run.pk, booking_ids=[booking.pk], professional_ids=affected
            )
        )
    return old


def resolve(*, booking: Booking, now=None) -> list[int]:
    """The professional of this class did not come: re-solve the schedule from this slot on,
    changing as few exchanges as possible (started ones of this slot included). Returns the
    bookings whose professional changed (e-mailed by the re-solve on commit)."""
    now = now or timezone.now()
    _check_open(booking, now)
    with transaction.atomic():
        _lock(booking.slot.edition)
        _withdraw(current_professional(booking=booking), booking)
        try:
            return schedule.reschedule(
                edition=booking.slot.edition,
                now=booking.slot.starts_at - datetime.timedelta(microseconds=1),
            )
        except scheduler.SchedulingError as error:
            raise ReplacementError(
                _("Le recalcul n'a pas abouti : %(error)s") % {"error": error}
            ) from None
