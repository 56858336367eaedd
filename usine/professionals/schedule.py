"""The schedule on the database: rows → `scheduler` dataclasses → assignments stored.

Ids in the solver are row ids: a session is a booking's id, a slot a SessionSlot's id, a day the
slot's date on the fair's clock (settings.TIME_ZONE; ISO string), a professional a `Professional`
row's id and a trade a Trade's id. Only sessions whose slot has not started are
(re)scheduled; earlier exchanges are copied from the previous run as they were.

A run stores its `Assignment` rows, mirrors them on each booking's LiveRoom.professional, keeps
the organizer's report in `ScheduleRun.result`, and e-mails, once committed, the teachers whose
class got a different professional (or lost theirs) and the professionals whose exchanges
changed. The latest finished run is the current schedule and the previous solution a re-solve
starts from.
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from usine.fair.models import Edition
from usine.live.services import room_for_booking, set_professional
from usine.schools.models import Booking

from . import scheduler
from .mail import notify_changes
from .models import Assignment, Professional, ScheduleRun

logger = logging.getLogger(__name__)

CURRENT_RUN_KEY = "professionals:current-run:{edition_id}"
CURRENT_RUN_SECONDS = 3600  # a bound: a run's save or delete forgets it at once

# Sent when a run is committed and waits for the background worker.
run_queued = Signal()

REASON_LABELS = {
    scheduler.Reason.NO_PROFESSIONAL: _("personne n'a déclaré ce créneau"),
    scheduler.Reason.ALL_TAKEN: _(
        "toutes les personnes disponibles sur ce créneau ont déjà un échange à cette heure"
    ),
    scheduler.Reason.DAY_LIMIT: _(
        "les personnes encore libres sur ce créneau ont atteint leur limite d'échanges du jour"
    ),
}


class SchedulingServiceError(Exception):
    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def default_women_target_share() -> float:
    return float(getattr(settings, "LIVE_WOMEN_TARGET_SHARE", 0.5))


# --- Rows → problem ------------------------------------------------------------------------------


def build_problem(*, edition: Edition, women_target_share: float, now=None) -> scheduler.Problem:
    """The booked sessions still to come and the professionals who may take them.

    A professional is scheduled only with an accepted charter, a trade and an open account; their
    slots are those they ticked.
    """
    now = now or timezone.now()
    bookings = (
        Booking.objects.filter(slot__edition=edition, slot__starts_at__gt=now)
        .select_related("slot")
        .prefetch_related("school_class__wanted_trades")
        .order_by("slot__starts_at", "pk")
    )
    sessions = [
        scheduler.ClassSession(
            id=booking.pk,
            slot=booking.slot_id,
            day=timezone.localdate(booking.slot.starts_at).isoformat(),
            wanted_trades=frozenset(trade.pk for trade in booking.school_class.wanted_trades.all()),
        )
        for booking in bookings
    ]
    pros = (
        Professional.objects.filter(
            edition=edition,
            charter_accepted_at__isnull=False,
            trade__isnull=False,
            user__is_active=True,
        )
        .prefetch_related("available_slots")
        .order_by("pk")
    )
    professionals = [
        scheduler.Professional(
            id=pro.pk,
            trade=pro.trade_id,
            is_woman=pro.gender == Professional.Gender.WOMAN,
            available_slots=frozenset(slot.pk for slot in pro.available_slots.all()),
            max_per_day=pro.max_per_day,
        )
        for pro in pros
    ]
    return scheduler.Problem(
        sessions=sessions, professionals=professionals, women_target_share=women_target_share
    )


def current_run(*, edition: Edition) -> ScheduleRun | None:
    """The run whose assignments are the edition's schedule: the latest finished one."""
    return (
        ScheduleRun.objects.filter(edition=edition, status=ScheduleRun.Status.DONE)
        .order_by("-finished_at", "-pk")
        .first()
    )


def current_run_id(*, edition_id: int) -> int | None:
    """`current_run`'s id, kept in the cache: the teacher's class page and console read it on
    every request, and it changes when a run finishes (a few times a week). A run saved or
    deleted forgets it (signals.py); the writes read `current_run` itself."""
    key = CURRENT_RUN_KEY.format(edition_id=edition_id)
    cached = cache.get(key)
    if cached is None:
        found = (
            ScheduleRun.objects.filter(edition_id=edition_id, status=ScheduleRun.Status.DONE)
            .order_by("-finished_at", "-pk")
            .values_list("pk", flat=True)
            .first()
        )
        cached = found or 0  # 0: no run yet (None is a miss)
        cache.set(key, cached, CURRENT_RUN_SECONDS)
    return cached or None


def forget_current_run(*, edition_id: int) -> None:
    cache.delete(CURRENT_RUN_KEY.format(edition_id=edition_id))


def assignment_map(run: ScheduleRun | None) -> dict[int, int]:
    """booking id → professional id of a run."""
    if run is None:
        return {}
    return dict(run.assignments.values_list("booking_id", "professional_id"))


# --- Full runs (the background task) -------------------------------------------------------------


def start_run(*, edition: Edition, women_target_share: float, started_by):
    """A queued run; `run_queued` is sent once it is committed (tasks.py enqueues it)."""
    if not 0.0 <= women_target_share <= 1.0:
        raise SchedulingServiceError(
            _("La part visée de femmes est comprise entre 0 et 100 %."), field="women_target"
        )
    with transaction.atomic():
        run = ScheduleRun.objects.create(
            edition=edition, women_target_share=women_target_share, started_by=started_by
        )
        transaction.on_commit(lambda: run_queued.send(sender=ScheduleRun, run=run))
    return run


def _progress(run: ScheduleRun, progress: int, status=ScheduleRun.Status.RUNNING) -> None:
    run.progress = progress
    run.status = status
    ScheduleRun.objects.filter(pk=run.pk).update(progress=progress, status=status)


def execute_run(*, run_id: int, now=None) -> ScheduleRun | None:
    """Solve the edition's schedule from scratch, store it and e-mail the changes."""
    run = ScheduleRun.objects.select_related("edition").filter(pk=run_id).first()
    if run is None or run.status != ScheduleRun.Status.QUEUED:
        return run  # deleted, or already run by another worker
    started = time.perf_counter()
    _progress(run, 10)
    try:
        problem = build_problem(
            edition=run.edition, women_target_share=run.women_target_share, now=now
        )
        _progress(run, 30)
        solution = scheduler.solve(problem)
        _progress(run, 70)
        with transaction.atomic():
            Edition.objects.select_for_update().filter(pk=run.edition_id).first()
            previous = current_run(edition=run.edition)
            _store(
                run=run,
                problem=problem,
                solution=solution,
                before=assignment_map(previous),
                seconds=time.perf_counter() - started,
            )
    except Exception as error:  # the organizer's page shows it; the worker's log has the trace
        logger.exception("schedule run %s failed", run.pk)
        ScheduleRun.objects.filter(pk=run.pk).update(
            status=ScheduleRun.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        run.refresh_from_db()
    return run


# --- Re-solve after a cancellation ---------------------------------------------------------------


def reschedule(*, edition: Edition, now=None) -> list[int]:
    """Re-solve the current schedule against today's rows with as few changes as possible.

    Called after a professional withdrew a slot that held an exchange (or their charter): the
    previous assignment is the current run's, and `scheduler.resolve` keeps every day where it is
    still feasible untouched. A professional who can no longer be scheduled at all stays in the
    problem with no slot, so the solver sees their exchanges as withdrawn. Returns the ids of the
    bookings whose professional changed; their teachers are e-mailed on commit.
    """
    now = now or timezone.now()
    with transaction.atomic():
        Edition.objects.select_for_update().filter(pk=edition.pk).first()
        previous_run = current_run(edition=edition)
        if previous_run is None:
            return []
        started = time.perf_counter()
        before = assignment_map(previous_run)
        problem = build_problem(
            edition=edition, women_target_share=previous_run.women_target_share, now=now
        )
        session_ids = {s.id for s in problem.sessions}
        previous = {sid: pro for sid, pro in before.items() if sid in session_ids}
        known = {p.id for p in problem.professionals}
        gone = sorted(set(previous.values()) - known)
        if gone:
            ghosts = tuple(scheduler.Professional(id=pk, trade=None, max_per_day=0) for pk in gone)
            problem = replace(problem, professionals=problem.professionals + ghosts)
        try:
            resolution = scheduler.resolve(problem, _as_solution(previous))
        except scheduler.SchedulingError:
            # Re-solving only the days of the withdrawn exchanges keeps the other days as the
            # previous run left them; a class booked since on such a day while someone is free
            # there makes that assignment not coverage-maximal. Re-solve every day then: the
            # unchanged tier still keeps all that coverage allows.
            resolution = scheduler.resolve(problem, _as_solution(previous), scope="full")
        run = ScheduleRun.objects.create(
            edition=edition,
            kind=ScheduleRun.Kind.RESOLVE,
            status=ScheduleRun.Status.RUNNING,
            women_target_share=previous_run.women_target_share,
            previous=previous_run,
        )
        return _store(
            run=run,
            problem=resolution.problem,
            solution=resolution.solution,
            before=before,
            seconds=time.perf_counter() - started,
        )


def _as_solution(assigned: dict) -> scheduler.Solution:
    """`resolve` reads only the previous assignment from its `previous` solution."""
    return scheduler.Solution(
        assigned=assigned,
        unassigned={},
        backups={},
        objective=0,
        score=None,
        weights=None,
        optimal=True,
    )


# --- Storing a solution --------------------------------------------------------------------------


def _store(*, run, problem, solution, before: dict, seconds: float) -> list[int]:
    """Assignments, live rooms and the report of a solved run; the e-mails once committed."""
    session_ids = {s.id for s in problem.sessions}
    # Exchanges already started are not rescheduled: they keep their professional.
    after = {sid: pro for sid, pro in before.items() if sid not in session_ids}
    after.update(solution.assigned)
    existing = set(Booking.objects.filter(pk__in=after).values_list("pk", flat=True))
    after = {sid: pro for sid, pro in after.items() if sid in existing}
    Assignment.objects.bulk_create(
        Assignment(run=run, booking_id=sid, professional_id=pro) for sid, pro in after.items()
    )
    changed = [s.id for s in problem.sessions if after.get(s.id) != before.get(s.id)]
    users = dict(
        Professional.objects.filter(pk__in=set(after.values())).values_list("pk", "user_id")
    )
    for booking in Booking.objects.filter(pk__in=session_ids).select_related("live_room"):
        user_id = users.get(after.get(booking.pk))
        room = getattr(booking, "live_room", None) or room_for_booking(booking=booking)
        set_professional(room=room, user_id=user_id)

    pros = {p.id: p for p in problem.professionals}
    coverage = scheduler.trade_coverage(problem, solution.assigned)
    run.result = {
        "sessions": len(problem.sessions),
        "assigned": len(solution.assigned),
        "unassigned": [
            {"booking": sid, "reason": str(reason)} for sid, reason in solution.unassigned.items()
        ],
        "matched": solution.score.matched,
        "women": sum(1 for pro in solution.assigned.values() if pros[pro].is_woman),
        "women_target": problem.women_target,
        "coverage": [
            {"trade": trade, "asked": asked, "served": served}
            for trade, (asked, served) in coverage.items()
        ],
        "backups": {str(slot): list(ids) for slot, ids in solution.backups.items()},
        "changed": changed,
        "objective": solution.objective,
        "optimal": solution.optimal,
        "seconds": round(seconds, 3),
    }
    run.status = ScheduleRun.Status.DONE
    run.progress = 100
    run.finished_at = timezone.now()
    run.save(update_fields=["result", "status", "progress", "finished_at"])

    affected = sorted(
        {before[sid] for sid in changed if sid in before}
        | {after[sid] for sid in changed if sid in after}
    )
    if changed:
        transaction.on_commit(
            lambda: notify_changes(run_id=run.pk, booking_ids=changed, professional_ids=affected)
        )
    return changed
