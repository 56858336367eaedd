"""What the Forum's pages, the town and the home page read of the programme."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from usine.fair.models import Edition

from .models import Stage, Talk, TalkSpeaker


def programme(*, edition: Edition) -> QuerySet[Talk]:
    """The edition's talks in order, with their stage and ordered speakers (one query each)."""
    return (
        Talk.objects.filter(edition=edition)
        .select_related("stage")
        .prefetch_related(
            Prefetch(
                "speaker_links",
                queryset=TalkSpeaker.objects.select_related("speaker").order_by("position", "pk"),
            )
        )
        .order_by("starts_at", "stage__order", "pk")
    )


def talks_of_day(*, edition: Edition, day: datetime.date) -> QuerySet[Talk]:
    """The talks starting on `day` in the fair's time zone."""
    zone = timezone.get_default_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return programme(edition=edition).filter(starts_at__gte=start, starts_at__lt=end)


@dataclass(frozen=True)
class ProgrammeDay:
    day: datetime.date
    stages: list[tuple[Stage, list[Talk]]]


def programme_by_day(*, edition: Edition) -> list[ProgrammeDay]:
    """The programme grouped by day (in the fair's time zone), then by stage in stage order."""
    days: dict[datetime.date, dict[Stage, list[Talk]]] = {}
    for talk in programme(edition=edition):
        days.setdefault(talk.day, {}).setdefault(talk.stage, []).append(talk)
    return [
        ProgrammeDay(day=day, stages=sorted(stages.items(), key=lambda item: item[0].order))
        for day, stages in sorted(days.items())
    ]


def talk_summary(talk: Talk) -> dict:
    """A talk as the town, its API and the home page show it (plain data, cached as it is)."""
    return {
        "title": talk.title,
        "url": talk.get_absolute_url(),
        "stage": talk.stage.name,
        "kind": talk.kind,
        "state": talk.state,
        "starts_at": talk.starts_at,
        "ends_at": talk.ends_at,
        # Written for people, on the fair's clock: the client shows it as it is.
        "time": timezone.localtime(talk.starts_at).strftime("%H:%M"),
        "day": timezone.localdate(talk.starts_at),
        # Kept with the answer until the talk ends: a "false" read the day before stays true
        # to the facts (the date is then written out).
        "is_today": timezone.localdate(talk.starts_at) == timezone.localdate(),
    }


def on_air(*, edition: Edition, now: datetime.datetime | None = None) -> dict | None:
    """The Forum as the town and the home page announce it, or None when the edition has no
    programme: the talks live now (the organizers put them on air) and the next scheduled one
    not yet over. A talk that should have started stays "next" until its planned end: it may
    still go on air late. `valid_until` is when "next" must be looked at again (None: only a
    change of the programme changes the answer)."""
    now = now or timezone.now()
    talks = Talk.objects.filter(edition=edition).select_related("stage")
    if not talks.exists():
        return None
    live = talks.filter(state=Talk.State.LIVE).order_by("stage__order", "starts_at", "pk")
    upcoming = (
        talks.filter(state=Talk.State.SCHEDULED, ends_at__gt=now)
        .order_by("starts_at", "stage__order", "pk")
        .first()
    )
    return {
        "url": reverse("forum:programme"),
        "live": [talk_summary(talk) for talk in live],
        "next": talk_summary(upcoming) if upcoming else None,
        "valid_until": upcoming.ends_at if upcoming else None,
    }
