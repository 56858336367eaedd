"""The scheduler's data: plain frozen dataclasses, so that the Django adapter only converts rows."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType


class SchedulingError(ValueError):
    """An inconsistent problem (duplicate ids, a slot on two days…) or a solver failure."""


@dataclass(frozen=True, slots=True)
class ClassSession:
    """A booked class session: its live exchange happens in `slot`, which belongs to `day`."""

    id: Hashable
    slot: Hashable
    day: Hashable
    wanted_trades: frozenset = frozenset()


@dataclass(frozen=True, slots=True)
class Professional:
    """A professional, their trade, the slots they declared and their exchanges a day at most."""

    id: Hashable
    trade: Hashable
    is_woman: bool = False
    available_slots: frozenset = frozenset()
    max_per_day: int = 3


@dataclass(frozen=True, slots=True)
class Weights:
    """Integer weights of the maximised score (see `professionals.scheduler` for their meaning)."""

    coverage: int
    unchanged: int
    trade_match: int
    women: int
    spread: int


@dataclass(frozen=True)
class Problem:
    """Sessions to staff, professionals to staff them, and the women target share."""

    sessions: tuple[ClassSession, ...]
    professionals: tuple[Professional, ...]
    women_target_share: float = 0.0

    def __post_init__(self):
        object.__setattr__(self, "sessions", tuple(self.sessions))
        object.__setattr__(self, "professionals", tuple(self.professionals))
        if len({s.id for s in self.sessions}) != len(self.sessions):
            raise SchedulingError("Two class sessions share an id.")
        if len({p.id for p in self.professionals}) != len(self.professionals):
            raise SchedulingError("Two professionals share an id.")
        if not 0.0 <= self.women_target_share <= 1.0:
            raise SchedulingError("The women target share must be between 0 and 1.")
        slot_day: dict[Hashable, Hashable] = {}
        for session in self.sessions:
            if slot_day.setdefault(session.slot, session.day) != session.day:
                raise SchedulingError(f"Slot {session.slot!r} is on two different days.")
        for pro in self.professionals:
            if pro.max_per_day < 0:
                raise SchedulingError(f"Professional {pro.id!r} has a negative daily limit.")
        object.__setattr__(self, "_slot_day", MappingProxyType(slot_day))

    @property
    def slot_day(self) -> Mapping[Hashable, Hashable]:
        """The day of every slot that has at least one session."""
        return self._slot_day

    @property
    def women_target(self) -> int:
        """How many assignments of women earn the bonus: ⌈share x number of sessions⌉."""
        # round() first: 0.3 * 1000 is 300.00000000000006 in floating point.
        return math.ceil(round(self.women_target_share * len(self.sessions), 6))

    def without_professional(self, professional_id: Hashable) -> Problem:
        """The same problem once a professional has cancelled."""
        pros = tuple(p for p in self.professionals if p.id != professional_id)
        if len(pros) == len(self.professionals):
            raise SchedulingError(f"Unknown professional {professional_id!r}.")
        return replace(self, professionals=pros)

    def without_availability(self, removed: Iterable[tuple[Hashable, Hashable]]) -> Problem:
        """The same problem once some professionals withdrew some (professional id, slot) pairs."""
        by_pro: dict[Hashable, set] = {}
        for pro_id, slot in removed:
            by_pro.setdefault(pro_id, set()).add(slot)
        known = {p.id for p in self.professionals}
        if unknown := set(by_pro) - known:
            raise SchedulingError(f"Unknown professional(s) {sorted(map(repr, unknown))}.")
        pros = tuple(
            replace(p, available_slots=p.available_slots - by_pro[p.id]) if p.id in by_pro else p
            for p in self.professionals
        )
        return replace(self, professionals=pros)


class Reason(StrEnum):
    """Why a class session has no professional (stable codes; the adapter translates them)."""

    # Nobody declared the session's slot.
    NO_PROFESSIONAL = "no_professional"
    # Everyone who declared the slot has another exchange in that slot.
    ALL_TAKEN = "all_taken"
    # Someone who declared the slot is free in it but has reached their daily limit.
    DAY_LIMIT = "day_limit"


@dataclass(frozen=True, slots=True)
class Score:
    """The terms of the objective for one assignment, tier by tier."""

    assigned: int  # sessions with a professional
    unchanged: int  # sessions whose professional (or absence of one) is the previous one
    matched: int  # sessions whose professional's trade is one the class asked for
    women: int  # assignments of women that earn the bonus (at most the target)
    spread: int  # Σ over professionals of load·(load - 1)/2: the k-th exchange costs k - 1

    def value(self, weights: Weights) -> int:
        return (
            weights.coverage * self.assigned
            + weights.unchanged * self.unchanged
            + weights.trade_match * self.matched
            + weights.women * self.women
            - weights.spread * self.spread
        )


@dataclass(frozen=True)
class Solution:
    """An assignment with, for every session left without a professional, the reason why."""

    assigned: Mapping[Hashable, Hashable]  # session id → professional id
    unassigned: Mapping[Hashable, Reason]  # session id → reason
    backups: Mapping[Hashable, tuple]  # slot → professional ids, most useful first
    objective: int  # score.value(weights) with the weights the solve used
    score: Score
    weights: Weights
    optimal: bool


@dataclass(frozen=True)
class Resolution:
    """The outcome of a re-solve after a cancellation."""

    problem: Problem  # the problem after the change
    solution: Solution
    changed: tuple = field(default=())  # session ids whose professional changed (for the teachers)
    affected_days: tuple = field(default=())  # the days that were re-optimised
