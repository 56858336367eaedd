"""The scheduler: hard rules on random instances, optimality against an independent MILP, exact
expectations on hand-built instances (minimal change, women target, reasons, backups)."""

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from usine.professionals.scheduler import (
    ClassSession,
    Problem,
    Professional,
    Reason,
    SchedulingError,
    lexicographic_weights,
    resolve,
    score,
    slot_backups,
    solve,
    trade_coverage,
    unassigned_reasons,
)
from usine.professionals.scheduling.flow import solve_flow
from usine.professionals.scheduling.milp import solve_milp

JOBS = ("welder", "chemist", "pilot")
FAST = settings(max_examples=50, deadline=None)


def session(id, slot, day="mon", wanted=()):
    return ClassSession(id, slot, day, frozenset(wanted))


def pro(id, trade, slots, *, woman=False, max_per_day=3):
    return Professional(id, trade, woman, frozenset(slots), max_per_day)


@st.composite
def problems(draw):
    days = draw(st.integers(1, 2))
    per_day = draw(st.integers(1, 3))
    slots = [(f"d{d}", f"d{d}s{k}") for d in range(days) for k in range(per_day)]
    sessions = [
        session(
            f"c{i}",
            slot,
            day,
            draw(st.sets(st.sampled_from(JOBS), max_size=2)),
        )
        for i, (day, slot) in enumerate(draw(st.lists(st.sampled_from(slots), max_size=8)))
    ]
    pros = [
        pro(
            f"p{i}",
            draw(st.sampled_from(JOBS)),
            draw(st.sets(st.sampled_from([slot for _day, slot in slots]))),
            woman=draw(st.booleans()),
            max_per_day=draw(st.integers(0, 2)),
        )
        for i in range(draw(st.integers(0, 5)))
    ]
    share = draw(st.sampled_from([0.0, 0.25, 0.5, 1.0]))
    return Problem(tuple(sessions), tuple(pros), women_target_share=share)


def assert_feasible(problem, solution):
    pros = {p.id: p for p in problem.professionals}
    sessions = {s.id: s for s in problem.sessions}
    assert set(solution.assigned).isdisjoint(solution.unassigned)
    assert set(solution.assigned) | set(solution.unassigned) == set(sessions)
    for sid, pro_id in solution.assigned.items():
        assert sessions[sid].slot in pros[pro_id].available_slots
    per_slot = Counter((p, sessions[s].slot) for s, p in solution.assigned.items())
    assert all(count == 1 for count in per_slot.values())
    per_day = Counter((p, sessions[s].day) for s, p in solution.assigned.items())
    assert all(count <= pros[p].max_per_day for (p, _day), count in per_day.items())
    for sid, reason in solution.unassigned.items():
        slot, day = sessions[sid].slot, sessions[sid].day
        declared = [p for p in problem.professionals if slot in p.available_slots]
        free = [p for p in declared if (p.id, slot) not in per_slot]
        assert all(per_day[(p.id, day)] >= p.max_per_day for p in free)
        expected = (
            Reason.NO_PROFESSIONAL
            if not declared
            else Reason.ALL_TAKEN
            if not free
            else Reason.DAY_LIMIT
        )
        assert reason == expected


@FAST
@given(problems())
def test_solution_respects_every_rule(problem):
    solution = solve(problem)

    assert_feasible(problem, solution)
    assert solution.optimal is True
    assert solution.objective == score(problem, solution.assigned).value(solution.weights)


@FAST
@given(problems())
def test_flow_optimum_equals_the_milp_optimum(problem):
    solution = solve(problem)
    weights = lexicographic_weights(problem)
    milp = solve_milp(problem, weights)

    assert milp.optimal is True
    assert solution.objective == round(milp.value)
    # The MILP's own assignment scores the same with our scorer, and so does the flow's cost.
    assert score(problem, milp.assigned).value(weights) == solution.objective
    assert -solve_flow(problem, weights)[1] == solution.objective


@FAST
@given(problems(), st.integers(0, 4), st.booleans())
def test_resolve_is_the_minimal_change_optimum(problem, which, withdraw_one_slot):
    previous = solve(problem)
    if not problem.professionals:
        return
    leaving = problem.professionals[which % len(problem.professionals)]
    if withdraw_one_slot and leaving.available_slots:
        change = {"removed_availability": [(leaving.id, min(leaving.available_slots))]}
    else:
        change = {"cancelled_professional": leaving.id}

    by_days = resolve(problem, previous, **change)
    full = resolve(problem, previous, **change, scope="full")
    milp = solve_milp(by_days.problem, by_days.solution.weights, previous=previous.assigned)

    assert_feasible(by_days.problem, by_days.solution)
    assert milp.optimal is True
    assert by_days.solution.objective == round(milp.value) == full.solution.objective
    assert len(by_days.changed) == len(problem.sessions) - by_days.solution.score.unchanged
    assert len(by_days.changed) == len(full.changed)
    if "cancelled_professional" in change:
        lost = {s for s, p in previous.assigned.items() if p == leaving.id}
        assert lost <= set(by_days.changed)


@FAST
@given(problems(), st.integers(0, 4), st.integers(0, 4))
def test_a_second_cancellation_is_resolved_exactly_too(problem, first, second):
    if len(problem.professionals) < 2:
        return
    ids = [p.id for p in problem.professionals]
    once = resolve(problem, solve(problem), cancelled_professional=ids[first % len(ids)])
    ids.remove(ids[first % len(ids)])
    leaving = ids[second % len(ids)]

    twice = resolve(once.problem, once.solution, cancelled_professional=leaving)
    full = resolve(once.problem, once.solution, cancelled_professional=leaving, scope="full")
    milp = solve_milp(twice.problem, twice.solution.weights, previous=once.solution.assigned)

    assert_feasible(twice.problem, twice.solution)
    assert twice.solution.objective == full.solution.objective == round(milp.value)


def test_coverage_comes_before_the_job_match():
    # P is the only welder, but taking A would leave C without anyone (one exchange a day).
    problem = Problem(
        (session("A", "s1", wanted={"welder"}), session("C", "s2")),
        (pro("P", "welder", {"s1", "s2"}, max_per_day=1), pro("Q", "pilot", {"s1"})),
    )

    solution = solve(problem)

    assert solution.assigned == {"A": "Q", "C": "P"}
    assert solution.unassigned == {}
    assert solution.score.matched == 0


def test_job_match_then_spread_decide_between_professionals():
    problem = Problem(
        (
            session("A", "s1", wanted={"welder", "chemist"}),
            session("B", "s1", wanted={"chemist", "pilot"}),
            session("D", "s2", wanted={"pilot"}),
        ),
        (
            pro("X1", "welder", {"s1"}),
            pro("X2", "chemist", {"s1"}),
            pro("G", "pilot", {"s1", "s2"}, woman=True),
        ),
    )

    solution = solve(problem)

    # B → G would match as well but give G two exchanges: the spread picks X2.
    assert solution.assigned == {"A": "X1", "B": "X2", "D": "G"}
    assert solution.score.matched == 3
    assert solution.score.spread == 0


def test_resolve_keeps_everyone_else_even_at_the_cost_of_a_job_match():
    problem = Problem(
        (
            session("A", "s1", wanted={"welder", "chemist"}),
            session("B", "s1", wanted={"chemist", "pilot"}),
            session("D", "s2", wanted={"pilot"}),
        ),
        (
            pro("X1", "welder", {"s1"}),
            pro("X2", "chemist", {"s1"}),
            pro("G", "pilot", {"s1", "s2"}),
        ),
    )
    previous = solve(problem)

    resolution = resolve(problem, previous, cancelled_professional="X1")

    # From scratch A → X2 and B → G match both classes, but that changes B as well.
    assert solve(resolution.problem).assigned == {"A": "X2", "B": "G", "D": "G"}
    assert resolution.solution.assigned == {"A": "G", "B": "X2", "D": "G"}
    assert resolution.changed == ("A",)
    assert resolution.affected_days == ("mon",)
    assert resolution.solution.unassigned == {}


def test_resolve_only_touches_the_days_of_the_cancelled_professional():
    problem = Problem(
        (
            session("A", "mon1", "mon", {"welder"}),
            session("B", "tue1", "tue", {"welder"}),
            session("C", "tue1", "tue", {"pilot"}),
        ),
        (
            pro("W", "welder", {"mon1"}),
            pro("W2", "welder", {"mon1", "tue1"}),
            pro("P", "pilot", {"tue1"}),
            pro("Spare", "chemist", {"mon1"}),
        ),
    )
    previous = solve(problem)
    assert previous.assigned == {"A": "W", "B": "W2", "C": "P"}

    resolution = resolve(problem, previous, cancelled_professional="W")

    # W2 is the only welder free on Monday; Tuesday is kept as it was.
    assert resolution.solution.assigned == {"A": "W2", "B": "W2", "C": "P"}
    assert resolution.changed == ("A",)
    assert resolution.affected_days == ("mon",)


def test_resolve_by_days_counts_the_load_and_women_of_the_kept_days():
    problem = Problem(
        (
            session("M1", "m1", "mon", {"welder"}),
            session("M2", "m2", "mon", {"welder"}),
            session("T1", "t1", "tue", {"welder"}),
            session("T2", "t2", "tue", {"welder"}),
        ),
        (
            pro("Ann", "welder", {"m1", "m2", "t2"}, woman=True),
            pro("Bob", "welder", {"t1", "t2"}),
            pro("Cid", "welder", {"t2"}),
        ),
        women_target_share=0.5,
    )
    previous = solve(problem)
    assert previous.assigned == {"M1": "Ann", "M2": "Ann", "T1": "Bob", "T2": "Cid"}

    resolution = resolve(problem, previous, cancelled_professional="Cid")

    # Ann's two Monday exchanges already fill the women target (2 of 4) and make a third one
    # cost more spread than Bob's second: Bob takes T2.
    assert resolution.affected_days == ("tue",)
    assert resolution.solution.assigned == {"M1": "Ann", "M2": "Ann", "T1": "Bob", "T2": "Bob"}
    assert resolution.changed == ("T2",)


def test_resolve_after_a_withdrawn_slot_and_when_nobody_can_replace():
    problem = Problem(
        (session("A", "s1", wanted={"welder"}), session("B", "s2", wanted={"welder"})),
        (pro("W", "welder", {"s1", "s2"}), pro("P", "pilot", {"s1"})),
    )
    previous = solve(problem)
    assert previous.assigned == {"A": "W", "B": "W"}

    withdrawn = resolve(problem, previous, removed_availability=[("W", "s1")])
    cancelled = resolve(problem, previous, cancelled_professional="W")

    assert withdrawn.solution.assigned == {"A": "P", "B": "W"}
    assert withdrawn.changed == ("A",)
    assert cancelled.solution.assigned == {"A": "P"}
    assert cancelled.solution.unassigned == {"B": Reason.NO_PROFESSIONAL}
    assert cancelled.changed == ("A", "B")


@pytest.mark.parametrize(("share", "women"), [(0.25, 1), (0.5, 2), (0.75, 3), (1.0, 4)])
def test_women_are_favoured_up_to_the_target_and_not_beyond(share, women):
    # Four days, one class a day; Wanda could take all four, each day also has its own man.
    days = ("mon", "tue", "wed", "thu")
    problem = Problem(
        tuple(session(f"c-{day}", day, day, {"welder"}) for day in days),
        (
            pro("Wanda", "welder", set(days), woman=True),
            *(pro(f"m-{day}", "welder", {day}) for day in days),
        ),
        women_target_share=share,
    )

    solution = solve(problem)

    assert problem.women_target == women
    # Each assignment of Wanda up to the target beats the spread; past it, the spread wins.
    assert Counter(solution.assigned.values())["Wanda"] == women
    assert solution.score.women == women
    assert solution.score.spread == women * (women - 1) // 2


def test_the_women_bonus_never_beats_a_job_match():
    problem = Problem(
        (session("A", "s1", wanted={"welder"}),),
        (pro("M", "welder", {"s1"}), pro("W", "pilot", {"s1"}, woman=True)),
        women_target_share=1.0,
    )

    assert solve(problem).assigned == {"A": "M"}


def test_unassigned_sessions_say_why():
    problem = Problem(
        (
            session("nobody", "s3"),
            session("taken-1", "s1", wanted={"welder"}),
            session("taken-2", "s1"),
            session("limit-1", "t1", "tue", {"pilot"}),
            session("limit-2", "t2", "tue"),
        ),
        (
            pro("W", "welder", {"s1"}),
            pro("P", "pilot", {"t1", "t2"}, max_per_day=1),
        ),
    )

    solution = solve(problem)

    assert solution.assigned == {"taken-1": "W", "limit-1": "P"}
    assert solution.unassigned == {
        "nobody": Reason.NO_PROFESSIONAL,
        "taken-2": Reason.ALL_TAKEN,
        "limit-2": Reason.DAY_LIMIT,
    }


def test_reasons_refuse_an_assignment_that_leaves_out_a_staffable_class():
    problem = Problem((session("A", "s1"),), (pro("P", "pilot", {"s1"}),))

    with pytest.raises(SchedulingError, match="left out although someone is free"):
        unassigned_reasons(problem, {})


def test_backups_are_the_free_professionals_ranked_by_usefulness():
    problem = Problem(
        (
            session("A", "s1", wanted={"welder"}),
            session("B", "s1", wanted={"pilot", "welder"}),
            session("C", "s2", wanted={"chemist"}),
        ),
        (
            pro("Busy", "pilot", {"s1"}, woman=True),
            pro("Pilot", "pilot", {"s1"}),
            pro("Welder", "welder", {"s1"}),
            pro("Chemist", "chemist", {"s1", "s2"}, max_per_day=1),
            pro("Other", "baker", {"s1", "s2"}),
        ),
        women_target_share=0.3,
    )
    solution = solve(problem)
    assert solution.assigned == {"A": "Welder", "B": "Busy", "C": "Chemist"}

    # One class of s1 asked for a pilot, none for a baker; Chemist has reached their daily limit.
    assert solution.backups == {"s1": ("Pilot", "Other"), "s2": ("Other",)}
    assert slot_backups(problem, solution.assigned) == solution.backups


def test_trade_coverage_counts_classes_served_by_the_trade_they_asked_for():
    problem = Problem(
        (
            session("A", "s1", wanted={"welder", "pilot"}),
            session("B", "s1", wanted={"welder"}),
            session("C", "s2", wanted={"chemist"}),
        ),
        (pro("W", "welder", {"s1"}), pro("P", "pilot", {"s1"})),
    )
    solution = solve(problem)
    assert solution.assigned == {"A": "P", "B": "W"}

    assert trade_coverage(problem, solution.assigned) == {
        "chemist": (1, 0),
        "pilot": (1, 1),
        "welder": (2, 1),
    }


def test_empty_problem_has_an_empty_solution():
    solution = solve(Problem((), ()))

    assert (solution.assigned, solution.unassigned, solution.objective) == ({}, {}, 0)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Problem((session("A", "s1"), session("A", "s2")), ()), "share an id"),
        (lambda: Problem((), (pro("P", "x", ()), pro("P", "y", ()))), "share an id"),
        (
            lambda: Problem((session("A", "s1", "mon"), session("B", "s1", "tue")), ()),
            "two different days",
        ),
        (lambda: Problem((), (), women_target_share=1.5), "between 0 and 1"),
        (lambda: Problem((), (pro("P", "x", (), max_per_day=-1),)), "negative daily limit"),
        (lambda: Problem((), ()).without_professional("ghost"), "Unknown professional"),
        (lambda: Problem((), ()).without_availability([("ghost", "s1")]), "Unknown professional"),
        (
            lambda: resolve(
                Problem((session("A", "s1"),), (pro("P", "x", {"s1"}), pro("Q", "x", {"s1"}))),
                solve(Problem((session("Z", "s1"),), (pro("P", "x", {"s1"}),))),
                cancelled_professional="Q",
            ),
            "not in the problem",
        ),
    ],
)
def test_inconsistent_problems_are_refused(build, message):
    with pytest.raises(SchedulingError, match=message):
        build()
