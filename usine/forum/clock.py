"""The stream time of a talk: seconds since it went on air, the time line of its replay, its
captions and its chapters (answered questions)."""

from datetime import datetime


def stream_origin(talk) -> datetime:
    """When the talk's stream starts. The programme's start until the stream records when it
    really went on air."""
    return getattr(talk, "on_air_at", None) or talk.starts_at


def stream_seconds(talk, now: datetime) -> float:
    """`now` on the talk's stream time (never before its start), to the millisecond."""
    return round(max(0.0, (now - stream_origin(talk)).total_seconds()), 3)
