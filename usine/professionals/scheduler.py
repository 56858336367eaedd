"""The live-exchange scheduler: which professional talks with which class, and why not.

Pure Python over frozen dataclasses (`ClassSession`, `Professional`, `Problem`), so that the Django
adapter only converts rows. `solve(problem)` returns the optimal `Solution`; `resolve(problem,
previous, cancelled_professional=… | removed_availability=…)` re-solves after a cancellation and
lists the sessions whose professional changed, so their teachers can be told.

Rules (hard constraints)
    A session gets at most one professional, who declared the session's slot; a professional takes
    at most one exchange per slot and at most `max_per_day` exchanges per day.

Objective, maximised in strict lexicographic order (each tier first, the next only breaks ties):
    1. coverage — as many sessions staffed as possible: a class prefers any professional to none;
    2. unchanged (re-solves only) — as few sessions as possible get a different professional (or
       lose theirs, or get one) compared with the previous solution: the minimal change set;
    3. trade match — as many sessions as possible get a professional of a trade the class asked for,
       whatever their company;
    4. women — as many assignments of women as possible up to the target ⌈share x sessions⌉, none
       counted beyond it: past the target, women and men are equal;
    5. spread — the lowest Σ load·(load - 1)/2 over professionals: the k-th exchange of one
       professional costs k - 1, a convex cost, so load goes to the least loaded first.
    Trade match comes after coverage because an exchange with a professional of another trade still
    beats no exchange; it comes before women and spread because matching the class's wishes is the
    point of the exchange. The tiers become one integer weighted sum whose weights each exceed the
    largest swing of all the lower tiers (`lexicographic_weights`), so the order is exact, not
    approximate.

Method
    One min-cost flow solved by OR-Tools (`scheduling.flow` describes the network): the
    convex spread and the capped women bonus are exactly representable, so the flow optimum is the
    integral optimum of the objective above. Tests check it against an independent MILP solved by
    HiGHS (`usine.professionals.scheduling.milp`, development only).

Unassigned sessions carry a `Reason`: nobody declared the slot, everyone who did is busy in that
slot, or those free in it have reached their daily limit. Backups per slot are the professionals
who declared it, are free in it and under their daily limit, ranked by how many of the slot's
classes asked for their trade. `trade_coverage` gives, per trade, how many classes asked for it
and how many of those got a professional of that trade, for the organizer's result page.
"""

from usine.professionals.scheduling.model import (
    ClassSession,
    Problem,
    Professional,
    Reason,
    Resolution,
    SchedulingError,
    Score,
    Solution,
    Weights,
)
from usine.professionals.scheduling.objective import lexicographic_weights, score
from usine.professionals.scheduling.report import slot_backups, trade_coverage, unassigned_reasons
from usine.professionals.scheduling.solve import resolve, solve

__all__ = [
    "ClassSession",
    "Problem",
    "Professional",
    "Reason",
    "Resolution",
    "SchedulingError",
    "Score",
    "Solution",
    "Weights",
    "lexicographic_weights",
    "resolve",
    "score",
    "slot_backups",
    "solve",
    "trade_coverage",
    "unassigned_reasons",
]
