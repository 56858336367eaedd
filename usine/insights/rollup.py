"""Raw events become small tables: per day and facts (DailyCount), per hour and visitor kind
(HourlyCount), distinct visitors per day (DailyVisitors). Dashboards read only those.

Each run adds only the events written since the last one (`RollupMark.last_event`, the
watermark) to the counts it already has. A visitor is counted in a row only the first time:
events of today stay raw until the day is over, so a new event's hash can be checked against
the day's earlier ones. A past day is closed once its events are rolled up: its raw events and
its salt are deleted, and from then on nothing can tell whether two events were the same
visitor's. Events arriving late for a day already closed are added to its counts (their
distinct visitors to its rows, never to its day's visitors, which can no longer be known).

Runs are serialised by a row lock on the watermark: a second process waits, then rolls up only
what the first left.
"""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Exists, Max, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, TruncHour
from django.utils import timezone

from .models import (
    ClosedDay,
    DailyCount,
    DailySalt,
    DailyVisitors,
    Event,
    HourlyCount,
    RollupMark,
)

FACTS = [
    "edition_id",
    "kind",
    "page",
    "building_id",
    "testimonial_id",
    "trade_id",
    "visitor_kind",
    "level",
    "school_type",
    "departement",
    "device",
]
NULLABLE = {"building_id", "testimonial_id", "trade_id"}
HOUR = ["edition_id", "hour", "visitor_kind"]
DAY = ["edition_id", "visitor_kind"]
DUE_KEY = "insights:rollup-due"


def _bounds(day: datetime.date):
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    return start, start + datetime.timedelta(days=1)


def _new_visitors(earlier, fields, *, start, end):
    """Distinct visitors among the new events not met before in the same row (same `fields`,
    between `start` and `end`) — `earlier` None when nothing came before."""
    condition = ~Q(visitor="")
    if earlier is not None:
        seen = Event.objects.filter(
            pk__lte=earlier, at__gte=start, at__lt=end, visitor=OuterRef("visitor")
        )
        for field in fields:
            if field in NULLABLE:  # NULL never equals NULL in SQL: compare them as 0
                seen = seen.alias(**{f"same_{field}": Coalesce(field, 0)}).filter(
                    **{f"same_{field}": Coalesce(OuterRef(field), 0)}
                )
            elif field == "hour":
                seen = seen.alias(same_hour=TruncHour("at")).filter(same_hour=OuterRef("hour"))
            else:
                seen = seen.filter(**{field: OuterRef(field)})
        condition &= ~Exists(seen)
    return Count("visitor", distinct=True, filter=condition)


def roll_up(*, now=None) -> list[datetime.date]:
    """Add the events written since the last run to the counts, close the past days; the days
    that had new events."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    RollupMark.objects.get_or_create(pk=1)
    with transaction.atomic():
        mark = RollupMark.objects.select_for_update().get(pk=1)
        # Up to the last event seen now: events written meanwhile wait for the next run.
        top = Event.objects.aggregate(top=Max("pk"))["top"] or mark.last_event
        new = Event.objects.filter(pk__gt=mark.last_event, pk__lte=top)
        days = _days_of(new)
        for day in days:
            _add_day(day, new, earlier=mark.last_event)
        mark.last_event = top
        mark.save(update_fields=["last_event"])
        for day in _days_to_close(today):
            start, end = _bounds(day)
            Event.objects.filter(at__gte=start, at__lt=end, pk__lte=top).delete()
            DailySalt.objects.filter(day=day).delete()
            ClosedDay.objects.get_or_create(day=day)
    _forget_old_salts(today)
    return days


def _days_of(events) -> list[datetime.date]:
    first = events.order_by("at").values_list("at", flat=True).first()
    if first is None:
        return []
    last = events.order_by("-at").values_list("at", flat=True).first()
    day, days = timezone.localdate(first), []
    while day <= timezone.localdate(last):
        start, end = _bounds(day)
        if events.filter(at__gte=start, at__lt=end).exists():
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def _days_to_close(today: datetime.date) -> list[datetime.date]:
    """Past days that still have raw events (all rolled up by now)."""
    start, _end = _bounds(today)
    return _days_of(Event.objects.filter(at__lt=start))


def _add_day(day: datetime.date, new, *, earlier: int) -> None:
    start, end = _bounds(day)
    raw = new.filter(at__gte=start, at__lt=end)
    met = Event.objects.filter(pk__lte=earlier, at__gte=start, at__lt=end).exists()
    before = earlier if met else None
    closed = ClosedDay.objects.filter(day=day).exists()
    _add(
        DailyCount,
        {"day": day},
        FACTS,
        raw.values(*FACTS).annotate(
            events=Count("pk"),
            visitors=_new_visitors(before, FACTS, start=start, end=end),
            amount=Sum("amount"),
        ),
        ["events", "visitors", "amount"],
        {"day": day},
    )
    _add(
        HourlyCount,
        {"hour__gte": start, "hour__lt": end},
        HOUR,
        raw.annotate(hour=TruncHour("at"))
        .values(*HOUR)
        .annotate(events=Count("pk"), visitors=_new_visitors(before, HOUR, start=start, end=end)),
        ["events", "visitors"],
        {},
    )
    if not closed:  # a closed day's visitors can no longer be told apart
        _add(
            DailyVisitors,
            {"day": day},
            DAY,
            raw.values(*DAY).annotate(visitors=_new_visitors(before, DAY, start=start, end=end)),
            ["visitors"],
            {"day": day},
        )


def _add(model, scope: dict, keys: list[str], rows, counts: list[str], extra: dict) -> None:
    """Add `rows` (keyed by `keys`) to the model's rows of `scope`: updated where they exist,
    created where not. Safe because runs are serialised (the watermark's lock)."""
    rows = list(rows)
    if not rows:
        return
    existing = {
        tuple(getattr(row, key) for key in keys): row
        for row in model.objects.filter(**scope).filter(
            **{f"{keys[1]}__in": {row[keys[1]] for row in rows}}
        )
    }
    changed, created = [], []
    for row in rows:
        key = tuple(row[k] for k in keys)
        found = existing.get(key)
        if found is None:
            values = {**extra, **{k: row[k] for k in keys}, **{c: row[c] or 0 for c in counts}}
            created.append(model(**values))
        else:
            for count in counts:
                setattr(found, count, getattr(found, count) + (row[count] or 0))
            changed.append(found)
    model.objects.bulk_update(changed, counts, batch_size=2000)
    model.objects.bulk_create(created, batch_size=2000)


def _forget_old_salts(today: datetime.date) -> None:
    DailySalt.objects.filter(day__lt=today).delete()


def due() -> bool:
    """Whether a roll-up is due, at most once every INSIGHTS_ROLLUP_SECONDS across every process
    (the shared cache says which process asked first; the others are told no)."""
    seconds = int(getattr(settings, "INSIGHTS_ROLLUP_SECONDS", 60))
    return cache.add(DUE_KEY, 1, timeout=seconds)


def roll_up_if_due(*, now=None) -> bool:
    """Roll up here and now if it is due (a dashboard about to be read)."""
    if not due():
        return False
    roll_up(now=now)
    return True
