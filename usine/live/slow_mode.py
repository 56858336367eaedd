"""Slow mode: how often one person may ask a question, wherever questions are asked (a live
exchange, a Forum talk). A token bucket per person and place: `burst` questions in a row at
most, then one more every `interval` seconds. The caller stores the bucket (tokens and when it
was last refilled) in the database, so every process sees the same one.
"""

import math
from dataclasses import dataclass

from django.conf import settings


def settings_pair() -> tuple[float, int]:
    """(seconds per question, burst): one question every 10 s, two in a row at most."""
    return (
        float(getattr(settings, "LIVE_QUESTION_INTERVAL_S", 10)),
        int(getattr(settings, "LIVE_QUESTION_BURST", 2)),
    )


@dataclass(frozen=True)
class Bucket:
    tokens: float
    refilled_at: object  # a datetime

    @classmethod
    def full(cls, now) -> "Bucket":
        return cls(float(settings_pair()[1]), now)


class TooSoon(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after


def take(bucket: Bucket, *, now) -> Bucket:
    """The bucket after one question asked at `now`, or TooSoon with the seconds to wait."""
    interval, burst = settings_pair()
    elapsed = max(0.0, (now - bucket.refilled_at).total_seconds())
    tokens = min(float(burst), bucket.tokens + elapsed / interval)
    if tokens < 1:
        raise TooSoon(math.ceil((1 - tokens) * interval))
    return Bucket(tokens - 1, now)
