"""What the Forum's pages, the town and the home page read of the programme."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
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


@dataclass(frozen=True)
class OnAir:
    """What is live now, what comes next, and until when this answer holds without a change of
    state (`valid_until`: the moment "next" must be looked at again)."""

    live: list[Talk]
    next: Talk | None
    valid_until: datetime.datetime | None


def on_air(*, edition: Edition, now: datetime.datetime | None = None) -> OnAir:
    """The talks live now (the organizers put them on air) and the next scheduled one not yet
    over. A talk that should have started keeps being "next" until its planned end: it may
    still go on air late."""
    now = now or timezone.now()
    talks = programme(edition=edition)
    live = list(talks.filter(state=Talk.State.LIVE))
    upcoming = talks.filter(state=Talk.State.SCHEDULED, ends_at__gt=now).first()
    return OnAir(live=live, next=upcoming, valid_until=upcoming.ends_at if upcoming else None)
