"""The timeline of a class session, read from its slot: when pupils may come in, the hour of
exploring the town, the live exchange, the end.

The one place that says when the live exchange starts. The pupils' clock (and their move to the
live room), the live room's page, the professional's pages, the e-mails and their .ics all read
it, so that a slot of another length than 1 h 30 moves pupils when the e-mails said it would.
"""

import datetime
from dataclasses import dataclass

# The fair's rule: an hour of free exploration, then the live exchange until the slot's end.
EXPLORATION = datetime.timedelta(minutes=60)
# Pupils may come in a little before the start to get ready (and sit down).
EARLY_JOIN = datetime.timedelta(minutes=15)
# The teacher is called to the live exchange a little before the pupils are moved there, to
# greet the professional and moderate the first questions.
TEACHER_CALL = datetime.timedelta(minutes=5)


@dataclass(frozen=True)
class SessionTimeline:
    opens_at: datetime.datetime
    starts_at: datetime.datetime
    exchange_starts_at: datetime.datetime
    ends_at: datetime.datetime

    @property
    def teacher_called_at(self) -> datetime.datetime:
        return max(self.exchange_starts_at - TEACHER_CALL, self.starts_at)

    def calls_the_teacher(self, now: datetime.datetime) -> bool:
        """Whether the teacher's pages show the way into the live exchange now."""
        return self.teacher_called_at <= now < self.ends_at

    @property
    def exploration_minutes(self) -> int:
        return round((self.exchange_starts_at - self.starts_at).total_seconds() / 60)

    @property
    def exchange_minutes(self) -> int:
        return round((self.ends_at - self.exchange_starts_at).total_seconds() / 60)


def timeline_of(*, starts_at: datetime.datetime, duration_minutes: int) -> SessionTimeline:
    ends_at = starts_at + datetime.timedelta(minutes=duration_minutes)
    return SessionTimeline(
        opens_at=starts_at - EARLY_JOIN,
        starts_at=starts_at,
        exchange_starts_at=min(starts_at + EXPLORATION, ends_at),
        ends_at=ends_at,
    )
