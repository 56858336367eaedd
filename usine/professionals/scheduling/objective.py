"""The objective: weights that make a weighted sum lexicographic, and an assignment's score."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping

from .model import Problem, Score, Weights


def max_load(pro, slot_day: Mapping[Hashable, Hashable]) -> int:
    """The most exchanges a professional can take: declared slots that have sessions, day caps."""
    per_day = Counter(slot_day[slot] for slot in pro.available_slots if slot in slot_day)
    return sum(min(count, pro.max_per_day) for count in per_day.values())


def lexicographic_weights(problem: Problem, *, with_unchanged: bool = False) -> Weights:
    """Weights such that each tier outweighs every possible change in all the tiers below it.

    Tiers, most important first: coverage, unchanged (re-solves only), trade match, women, spread.
    Each weight is one more than the largest total the tiers below can swing by, so one unit of a
    tier is worth more than any trade in the lower ones: maximising the weighted sum is exactly
    maximising the tiers in lexicographic order.
    """
    n = len(problem.sessions)
    spread_range = sum(
        load * (load - 1) // 2
        for load in (max_load(p, problem.slot_day) for p in problem.professionals)
    )
    women = spread_range + 1
    below_trade = women * min(problem.women_target, n) + spread_range
    trade_match = below_trade + 1
    below_unchanged = trade_match * n + below_trade
    unchanged = below_unchanged + 1 if with_unchanged else 0
    coverage = unchanged * n + below_unchanged + 1
    return Weights(coverage, unchanged, trade_match, women, spread=1)


def score(
    problem: Problem,
    assigned: Mapping[Hashable, Hashable],
    previous: Mapping[Hashable, Hashable] | None = None,
) -> Score:
    """The objective's terms for `assigned` (session id → professional id).

    `previous` is the assignment before a re-solve; without it nothing counts as unchanged.
    """
    pros = {p.id: p for p in problem.professionals}
    sessions = {s.id: s for s in problem.sessions}
    load = Counter(assigned.values())
    women = sum(1 for pro_id in assigned.values() if pros[pro_id].is_woman)
    unchanged = 0
    if previous is not None:
        unchanged = sum(1 for s in problem.sessions if assigned.get(s.id) == previous.get(s.id))
    return Score(
        assigned=len(assigned),
        unchanged=unchanged,
        matched=sum(1 for s, p in assigned.items() if pros[p].trade in sessions[s].wanted_trades),
        women=min(women, problem.women_target),
        spread=sum(n * (n - 1) // 2 for n in load.values()),
    )
