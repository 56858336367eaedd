"""An independent MILP of the same objective, solved by HiGHS through scipy (tests and bench only).

It shares no code with the flow: one binary per (session, professional who declared its slot),
linear constraints for "one professional per session", "one exchange per slot" and the daily
limits, the spread as a convex piecewise-linear cost (load split over unit pieces of increasing
cost), and the women bonus as a bounded variable b ≤ assignments of women. scipy is a development
dependency, imported here only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass

import numpy as np

from .model import Problem, Weights
from .objective import max_load


@dataclass(frozen=True)
class MilpResult:
    value: float  # best objective found (maximised); nan when none
    bound: float  # HiGHS's upper bound on the optimum
    optimal: bool
    assigned: dict  # session id → professional id of the best solution found
    seconds: float


def _tiers(problem, previous):
    """Variables, constraints and the objective of each tier, as sparse rows."""
    from scipy import sparse

    pairs = [
        (si, pi)
        for si, s in enumerate(problem.sessions)
        for pi, p in enumerate(problem.professionals)
        if s.slot in p.available_slots
    ]
    n_x = len(pairs)
    loads = [max_load(p, problem.slot_day) for p in problem.professionals]
    z_first = n_x
    z_index = {}
    for pi, count in enumerate(loads):
        for k in range(count):
            z_index[(pi, k)] = z_first + len(z_index)
    b = z_first + len(z_index)
    n_vars = b + 1

    rows, cols, vals, lower, upper = [], [], [], [], []

    def constraint(entries, lo, hi):
        row = len(lower)
        for col, val in entries:
            rows.append(row)
            cols.append(col)
            vals.append(val)
        lower.append(lo)
        upper.append(hi)

    per_session, per_pro_slot, per_pro_day, per_pro = (defaultdict(list) for _ in range(4))
    for x, (si, pi) in enumerate(pairs):
        session = problem.sessions[si]
        per_session[si].append(x)
        per_pro_slot[(pi, session.slot)].append(x)
        per_pro_day[(pi, session.day)].append(x)
        per_pro[pi].append(x)
    for xs in per_session.values():
        constraint([(x, 1) for x in xs], -np.inf, 1)
    for xs in per_pro_slot.values():
        constraint([(x, 1) for x in xs], -np.inf, 1)
    for (pi, _day), xs in per_pro_day.items():
        constraint([(x, 1) for x in xs], -np.inf, problem.professionals[pi].max_per_day)
    for pi, xs in per_pro.items():  # load = Σ of the unit pieces z
        pieces = [(z_index[(pi, k)], -1) for k in range(loads[pi])]
        constraint([(x, 1) for x in xs] + pieces, 0, 0)
    women_x = [x for x, (_si, pi) in enumerate(pairs) if problem.professionals[pi].is_woman]
    constraint([(b, 1)] + [(x, -1) for x in women_x], -np.inf, 0)

    def vector(entries):
        v = np.zeros(n_vars)
        for col, val in entries:
            v[col] += val
        return v

    sessions, pros = problem.sessions, problem.professionals
    before = previous or {}
    had_none = {si for si, s in enumerate(sessions) if s.id not in before}
    unchanged = vector(
        [(x, 1) for x, (si, pi) in enumerate(pairs) if before.get(sessions[si].id) == pros[pi].id]
        + [(x, -1) for x, (si, _pi) in enumerate(pairs) if si in had_none]
    )
    tiers = {
        "coverage": vector([(x, 1) for x in range(n_x)]),
        "unchanged": (unchanged, len(had_none)),  # constant: sessions with nobody before
        "trade_match": vector(
            [
                (x, 1)
                for x, (si, pi) in enumerate(pairs)
                if pros[pi].trade in sessions[si].wanted_trades
            ]
        ),
        "women": vector([(b, 1)]),
        "spread": vector([(z, k) for (_pi, k), z in z_index.items()]),
    }
    matrix = sparse.csr_array((vals, (rows, cols)), shape=(len(lower), n_vars))
    lo_bounds = np.zeros(n_vars)
    hi_bounds = np.ones(n_vars)
    hi_bounds[b] = min(problem.women_target, len(sessions))
    integrality = np.zeros(n_vars)
    integrality[:n_x] = 1
    return (
        pairs,
        matrix,
        np.array(lower),
        np.array(upper),
        (lo_bounds, hi_bounds),
        integrality,
        tiers,
    )


def solve_milp(
    problem: Problem,
    weights: Weights,
    *,
    previous: Mapping[Hashable, Hashable] | None = None,
    time_limit: float | None = None,
    relax: bool = False,
) -> MilpResult:
    """Maximise the weighted objective with HiGHS (`relax=True`: its LP relaxation, a bound)."""
    import time

    from scipy.optimize import Bounds, LinearConstraint, milp

    started = time.perf_counter()
    pairs, matrix, lower, upper, bounds, integrality, tiers = _tiers(problem, previous)
    unchanged, constant = tiers["unchanged"]
    objective = (
        weights.coverage * tiers["coverage"]
        + weights.unchanged * unchanged
        + weights.trade_match * tiers["trade_match"]
        + weights.women * tiers["women"]
        - weights.spread * tiers["spread"]
    )
    offset = weights.unchanged * constant
    options = {"mip_rel_gap": 0.0}
    if time_limit is not None:
        options["time_limit"] = time_limit
    result = milp(
        -objective,
        constraints=LinearConstraint(matrix, lower, upper),
        integrality=np.zeros_like(integrality) if relax else integrality,
        bounds=Bounds(*bounds),
        options=options,
    )
    seconds = time.perf_counter() - started
    dual = getattr(result, "mip_dual_bound", None)
    if result.x is None:  # time limit before any solution: HiGHS may still have a bound
        bound = float("nan") if relax or dual is None else -dual + offset
        return MilpResult(float("nan"), bound, False, {}, seconds)
    bound = -result.fun if relax or dual is None else -dual
    assigned = {
        problem.sessions[si].id: problem.professionals[pi].id
        for x, (si, pi) in enumerate(pairs)
        if result.x[x] > 0.5
    }
    return MilpResult(
        value=-result.fun + offset,
        bound=bound + offset,
        optimal=result.status == 0,
        assigned=assigned,
        seconds=seconds,
    )
