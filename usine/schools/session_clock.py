"""The clock of a class session: an hour of exploring the town, then the live exchange.

Everything is computed from the slot's timeline (fair/timeline.py) and the server's clock, so a
reload or another device shows the same remaining time.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

BEFORE = "before"  # too early to come in
WAITING = "waiting"  # in, the hour has not started yet
EXPLORING = "exploring"
LIVE = "live"  # the live exchange, from the end of the hour of exploration
OVER = "over"


@dataclass(frozen=True)
class SessionClock:
    opens_at: datetime.datetime
    starts_at: datetime.datetime
    explore_ends_at: datetime.datetime
    ends_at: datetime.datetime
    now: datetime.datetime

    @property
    def phase(self) -> str:
        if self.now < self.opens_at:
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
        """Seconds until the live exchange (0 once it has started)."""
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
    timeline = slot.timeline
    return SessionClock(
        opens_at=timeline.opens_at,
        starts_at=timeline.starts_at,
        explore_ends_at=timeline.exchange_starts_at,
        ends_at=timeline.ends_at,
        now=now or timezone.now(),
    )
