"""The stream time of a talk: seconds since it went on air, the time line of its replay, its
captions and its chapters (answered questions)."""

from datetime import datetime


def stream_origin(talk) -> datetime:
    """When the talk's stream starts: its first segment (`TalkStream.on_air_at`, second 0 of
    the replay), else the programme's start. A talk without a stream has no `stream` (Django
    raises an AttributeError for the missing row)."""
    return getattr(getattr(talk, "stream", None), "on_air_at", None) or talk.starts_at


def stream_seconds(talk, now: datetime) -> float:
    """`now` on the talk's stream time (never before its start), to the millisecond."""
    return round(max(0.0, (now - stream_origin(talk)).total_seconds()), 3)
