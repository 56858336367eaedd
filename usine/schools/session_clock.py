"""The clock of a class session: an hour of exploring the town, then the live exchange.

Everything is computed from the slot's start and the server's clock, so a reload or another
device shows the same remaining time.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

EXPLORATION = datetime.timedelta(minutes=60)
# Pupils may come in a little before the start to get ready (and sit down).
EARLY_JOIN = datetime.timedelta(minutes=15)

BEFORE = "before"  # too early to come in
WAITING = "waiting"  # in, the hour has not started yet
EXPLORING = "exploring"
LIVE = "live"  # minute 60 onwards: the live exchange
OVER = "over"


@dataclass(frozen=True)
class SessionClock:
    starts_at: datetime.datetime
    explore_ends_at: datetime.datetime
    ends_at: datetime.datetime
    now: datetime.datetime

    @property
    def phase(self) -> str:
        if self.now < self.starts_at - EARLY_JOIN:
            return BEFORE
        if self.now < self.starts_at:
            return WAITING
        if self.now < self.explore_ends_at:
            return EXPLORING
        if self.now < self.ends_at:
            return LIVE
        return OVER

    @property
    def may_join(self) -> bool:
        return self.phase in (WAITING, EXPLORING, LIVE)

    @property
    def seconds_to_move(self) -> float:
        """Seconds until minute 60 (0 once it has passed)."""
        return max((self.explore_ends_at - self.now).total_seconds(), 0.0)

    def as_json(self) -> dict:
        return {
            "now": self.now.isoformat(),
            "starts_at": self.starts_at.isoformat(),
            "explore_ends_at": self.explore_ends_at.isoformat(),
            "ends_at": self.ends_at.isoformat(),
            "phase": self.phase,
        }


def clock_for(*, slot, now=None) -> SessionClock:
    exploration = min(EXPLORATION, datetime.timedelta(minutes=slot.duration_minutes))
    return SessionClock(
        starts_at=slot.starts_at,
        explore_ends_at=slot.starts_at + exploration,
        ends_at=slot.ends_at,
        now=now or timezone.now(),
    )
