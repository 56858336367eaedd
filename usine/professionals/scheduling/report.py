"""What the organizer reads beside an assignment: why a class has nobody, and who could step in."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping

from .model import Problem, Reason, SchedulingError


def _busy(problem: Problem, assigned: Mapping[Hashable, Hashable]):
    slot_of = {s.id: s.slot for s in problem.sessions}
    busy = {(pro_id, slot_of[sid]) for sid, pro_id in assigned.items()}
    day_load = Counter((pro_id, problem.slot_day[slot_of[sid]]) for sid, pro_id in assigned.items())
    return busy, day_load


def unassigned_reasons(
    problem: Problem, assigned: Mapping[Hashable, Hashable]
) -> dict[Hashable, Reason]:
    """The reason for every session without a professional in a coverage-maximal assignment."""
    busy, day_load = _busy(problem, assigned)
    reasons = {}
    for session in problem.sessions:
        if session.id in assigned:
            continue
        declared = [p for p in problem.professionals if session.slot in p.available_slots]
        free = [p for p in declared if (p.id, session.slot) not in busy]
        if not declared:
            reasons[session.id] = Reason.NO_PROFESSIONAL
        elif not free:
            reasons[session.id] = Reason.ALL_TAKEN
        elif all(day_load[(p.id, session.day)] >= p.max_per_day for p in free):
            reasons[session.id] = Reason.DAY_LIMIT
        else:
            # Cannot happen for a solver result: coverage comes first, so a free professional
            # under their daily limit would have been given this session.
            raise SchedulingError(f"Session {session.id!r} was left out although someone is free.")
    return reasons


def slot_backups(problem: Problem, assigned: Mapping[Hashable, Hashable]) -> dict[Hashable, tuple]:
    """Per slot, who could still take an exchange in it, most useful first.

    A backup declared the slot, has no exchange in it and is under their daily limit. Ranked by
    how many of the slot's classes asked for their trade, then by fewest exchanges overall, then in
    the problem's order of professionals.
    """
    busy, day_load = _busy(problem, assigned)
    load = Counter(assigned.values())
    wanted = {slot: Counter() for slot in problem.slot_day}
    for session in problem.sessions:
        wanted[session.slot].update(session.wanted_trades)
    backups = {}
    for slot, day in problem.slot_day.items():
        ranked = sorted(
            (
                (-wanted[slot][p.trade], load[p.id], order, p.id)
                for order, p in enumerate(problem.professionals)
                if slot in p.available_slots
                and (p.id, slot) not in busy
                and day_load[(p.id, day)] < p.max_per_day
            ),
            key=lambda row: row[:3],
        )
        backups[slot] = tuple(row[3] for row in ranked)
    return backups


def trade_coverage(
    problem: Problem, assigned: Mapping[Hashable, Hashable]
) -> dict[Hashable, tuple[int, int]]:
    """Per trade: (classes that asked for it, how many of them got a professional of that trade)."""
    trade_of = {p.id: p.trade for p in problem.professionals}
    asked, served = Counter(), Counter()
    for session in problem.sessions:
        asked.update(session.wanted_trades)
        trade = trade_of.get(assigned.get(session.id))
        if trade in session.wanted_trades:
            served[trade] += 1
    return {trade: (asked[trade], served[trade]) for trade in sorted(asked, key=repr)}
