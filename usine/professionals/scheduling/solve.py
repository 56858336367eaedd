"""Solving a problem from scratch, and re-solving it after a cancellation with minimal change."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from typing import Literal

from .flow import solve_flow
from .model import Problem, Resolution, SchedulingError, Solution, Weights
from .objective import lexicographic_weights, score
from .report import slot_backups, unassigned_reasons


def _solution(
    problem: Problem,
    weights: Weights,
    assigned: dict[Hashable, Hashable],
    previous: Mapping[Hashable, Hashable] | None = None,
) -> Solution:
    terms = score(problem, assigned, previous)
    return Solution(
        assigned=assigned,
        unassigned=unassigned_reasons(problem, assigned),
        backups=slot_backups(problem, assigned),
        objective=terms.value(weights),
        score=terms,
        weights=weights,
        optimal=True,
    )


def solve(problem: Problem) -> Solution:
    """The optimal assignment of professionals to the problem's class sessions."""
    weights = lexicographic_weights(problem)
    assigned, _ = solve_flow(problem, weights)
    return _solution(problem, weights, assigned)


def resolve(
    problem: Problem,
    previous: Solution,
    *,
    cancelled_professional: Hashable | None = None,
    removed_availability: Iterable[tuple[Hashable, Hashable]] = (),
    scope: Literal["days", "full"] = "days",
) -> Resolution:
    """Re-solve `problem` (which `previous` optimally solved) after a cancellation.

    The objective gains the "unchanged" tier right below coverage: the fewest sessions change
    professional that still leaves as many sessions staffed as possible.

    scope="days" re-optimises only the days where `previous` used a withdrawn (professional, slot)
    and keeps every other day as it was. That is exactly the optimum of the full re-solve:
    - coverage and the unchanged tier only see per-day constraints (one exchange per slot, daily
      limits), so they split by day;
    - on a day where nothing previous was withdrawn, `previous` is still feasible and staffs as
      many sessions as the smaller problem can (it did so for the larger one, being optimal), and
      it changes nothing: it is the only assignment of that day that is best on both tiers, so the
      full re-solve keeps that day as it was too;
    - the days re-optimised only meet the kept days through the spread (a professional's load
      counts all days) and the women bonus (one target for all days): they are solved with each
      professional's load from the kept days as the start of their spread costs and with the women
      bonus capacity reduced by the kept assignments of women, which keeps both terms exact.
    So the result is the full re-solve's optimum, found on a network of the affected days only.
    """
    after = problem
    if cancelled_professional is not None:
        after = after.without_professional(cancelled_professional)
    removed = tuple(removed_availability)
    if removed:
        after = after.without_availability(removed)
    weights = lexicographic_weights(after, with_unchanged=True)
    before = dict(previous.assigned)
    known_pros = {p.id for p in problem.professionals}
    if (
        not set(before) <= {s.id for s in problem.sessions}
        or not set(before.values()) <= known_pros
    ):
        raise SchedulingError(
            "The previous solution names sessions or professionals not in the problem."
        )
    available = {p.id: p.available_slots for p in after.professionals}
    slot_of = {s.id: s.slot for s in after.sessions}
    withdrawn = {
        sid for sid, pro_id in before.items() if slot_of[sid] not in available.get(pro_id, ())
    }
    if scope == "full":
        days = set(after.slot_day.values())
    else:
        days = {after.slot_day[slot_of[sid]] for sid in withdrawn}

    kept = {sid: pro for sid, pro in before.items() if after.slot_day[slot_of[sid]] not in days}
    pros = {p.id: p for p in after.professionals}
    assigned, _ = solve_flow(
        after,
        weights,
        sessions=[s for s in after.sessions if s.day in days],
        previous=before,
        base_load=Counter(kept.values()),
        women_outside=sum(1 for pro_id in kept.values() if pros[pro_id].is_woman),
    )
    assigned.update(kept)
    assigned = {s.id: assigned[s.id] for s in after.sessions if s.id in assigned}
    changed = tuple(s.id for s in after.sessions if assigned.get(s.id) != before.get(s.id))
    return Resolution(
        problem=after,
        solution=_solution(after, weights, assigned, before),
        changed=changed,
        affected_days=tuple(sorted(days, key=repr)),
    )
