"""The exact solver: one min-cost flow (OR-Tools), integral and optimal.

Network (every arc carries whole exchanges):

    session ──(cap 1, -coverage - trade_match·match - unchanged·kept)──▶ (professional, slot)
    session ──(cap 1, 0, or -unchanged if the session had no professional before)──▶ sink
    (professional, slot) ──(cap 1)──▶ (professional, day) ──(cap max_per_day)──▶ professional
    professional ──(k-th of parallel cap-1 arcs, cost spread·(k - 1))──▶ sink, or the women pool
    women pool ──(cap target, -women)──▶ sink  and  women pool ──(uncapped, 0)──▶ sink

Each session has a supply of one unit and the sink absorbs them all, so a unit either reaches a
professional (the session is assigned) or goes straight to the sink (it is not).

The spread arcs are exact because their costs increase: a minimum-cost flow fills the cheap ones
first, so a professional with load L pays Σ_{k<L} k = L(L-1)/2. The women bonus is exact too: all
women's units meet in one pool whose bonus arc holds at most `target` units, so a flow earns
women·min(w, target) for w assignments of women, and the optimum always uses the bonus arc first.
Hence -(optimal cost) is exactly the maximised score of `objective.score`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence

import numpy as np
from ortools.graph.python import min_cost_flow

from .model import ClassSession, Problem, SchedulingError, Weights


def solve_flow(
    problem: Problem,
    weights: Weights,
    *,
    sessions: Sequence[ClassSession] | None = None,
    previous: Mapping[Hashable, Hashable] | None = None,
    base_load: Mapping[Hashable, int] | None = None,
    women_outside: int = 0,
) -> tuple[dict[Hashable, Hashable], int]:
    """Optimal assignment of `sessions` (default: all), and the flow's optimal cost.

    `sessions` must hold whole days: the daily limits only see what is solved here. `base_load`
    (professional id → exchanges fixed on other days) and `women_outside` (assignments of women
    fixed on other days) let a re-solve of some days keep the spread and women terms exact.
    `previous` (session id → professional id) turns on the unchanged tier.
    """
    sessions = problem.sessions if sessions is None else tuple(sessions)
    n = len(sessions)
    if n == 0:
        return {}, 0
    pros = problem.professionals
    pro_index = {p.id: i for i, p in enumerate(pros)}
    trade_code = {
        trade: code for code, trade in enumerate(sorted({p.trade for p in pros}, key=repr))
    }
    pro_trade = np.array([trade_code[p.trade] for p in pros], dtype=np.int64)
    use_unchanged = previous is not None and weights.unchanged > 0

    by_slot: dict[Hashable, list[int]] = defaultdict(list)
    for i, session in enumerate(sessions):
        by_slot[session.slot].append(i)
    slot_pros = {slot: [] for slot in by_slot}
    for pi, pro in enumerate(pros):
        for slot in pro.available_slots:
            if slot in slot_pros:
                slot_pros[slot].append(pi)

    tails, heads, caps, costs = [], [], [], []

    def arcs(tail, head, cap, cost):
        tails.append(np.asarray(tail, dtype=np.int64).ravel())
        size = tails[-1].size
        for values, column in ((head, heads), (cap, caps), (cost, costs)):
            column.append(np.broadcast_to(np.asarray(values, dtype=np.int64).ravel(), (size,)))

    sink = n
    pool = n + 1
    next_node = n + 2

    # Unassigned arcs; a session that had no professional before keeps the unchanged bonus there.
    unassigned_cost = np.zeros(n, dtype=np.int64)
    if use_unchanged:
        unassigned_cost[[i for i, s in enumerate(sessions) if s.id not in previous]] = -(
            weights.unchanged
        )
    arcs(np.arange(n), sink, 1, unassigned_cost)

    assign_first = len(tails)  # blocks of session → (professional, slot) arcs, one per slot
    slot_blocks = []  # (session indices, professional indices) per slot, in arc order
    pro_slot_tails, pro_slot_keys = [], []  # (professional, slot) node → its (pro, day) key
    for slot, members in by_slot.items():
        candidates = np.array(slot_pros[slot], dtype=np.int64)
        if candidates.size == 0:
            continue
        nodes = np.arange(next_node, next_node + candidates.size)
        next_node += candidates.size
        wanted = np.zeros((len(members), len(trade_code)), dtype=bool)
        for row, i in enumerate(members):
            codes = [trade_code[j] for j in sessions[i].wanted_trades if j in trade_code]
            wanted[row, codes] = True
        match = wanted[:, pro_trade[candidates]]
        cost = -(weights.coverage + weights.trade_match * match.astype(np.int64))
        if use_unchanged:
            before = np.array(
                [pro_index.get(previous.get(sessions[i].id), -1) for i in members], dtype=np.int64
            )
            cost -= weights.unchanged * (before[:, None] == candidates[None, :])
        members_arr = np.array(members, dtype=np.int64)
        arcs(np.repeat(members_arr, candidates.size), np.tile(nodes, len(members)), 1, cost)
        slot_blocks.append((members_arr, candidates))
        day = problem.slot_day[slot]
        pro_slot_tails += nodes.tolist()
        pro_slot_keys += [(pi, day) for pi in candidates.tolist()]

    slots_per_pro_day = Counter(pro_slot_keys)  # keeps first-seen order: deterministic numbering
    pro_day_node = {key: next_node + k for k, key in enumerate(slots_per_pro_day)}
    next_node += len(pro_day_node)
    arcs(pro_slot_tails, [pro_day_node[key] for key in pro_slot_keys], 1, 0)

    pro_node: dict[int, int] = {}
    pro_max: dict[int, int] = defaultdict(int)
    day_tails, day_heads, day_caps = [], [], []
    for (pi, day), node in pro_day_node.items():
        if pi not in pro_node:
            pro_node[pi] = next_node
            next_node += 1
        cap = min(pros[pi].max_per_day, slots_per_pro_day[(pi, day)])
        pro_max[pi] += cap
        day_tails.append(node)
        day_heads.append(pro_node[pi])
        day_caps.append(cap)
    arcs(day_tails, day_heads, day_caps, 0)

    base_load = base_load or {}
    spread_tails, spread_heads, spread_costs = [], [], []
    for pi, node in pro_node.items():
        start = base_load.get(pros[pi].id, 0)
        count = pro_max[pi]
        spread_tails += [node] * count
        spread_heads += [pool if pros[pi].is_woman else sink] * count
        spread_costs += range(start, start + count)
    arcs(spread_tails, spread_heads, 1, weights.spread * np.array(spread_costs, dtype=np.int64))

    bonus = max(0, min(problem.women_target, len(problem.sessions)) - women_outside)
    arcs([pool, pool], sink, [bonus, n], [-weights.women, 0])

    flow = min_cost_flow.SimpleMinCostFlow()
    arc_ids = flow.add_arcs_with_capacity_and_unit_cost(
        np.concatenate(tails), np.concatenate(heads), np.concatenate(caps), np.concatenate(costs)
    )
    supplies = np.zeros(next_node, dtype=np.int64)
    supplies[:n] = 1
    supplies[sink] = -n
    flow.set_nodes_supplies(np.arange(next_node), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise SchedulingError(f"The min-cost flow solver stopped with status {status!r}.")

    assigned: dict[Hashable, Hashable] = {}
    offset = sum(t.size for t in tails[:assign_first])
    for members_arr, candidates in slot_blocks:
        size = members_arr.size * candidates.size
        used = flow.flows(arc_ids[offset : offset + size]).reshape(members_arr.size, -1)
        rows, cols = np.nonzero(used)
        for row, col in zip(rows.tolist(), cols.tolist(), strict=True):
            assigned[sessions[members_arr[row]].id] = pros[candidates[col]].id
        offset += size
    return assigned, flow.optimal_cost()
