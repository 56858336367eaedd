"""Raw events become small tables: per day and facts (DailyCount), per hour and visitor kind
(HourlyCount), distinct visitors per day (DailyVisitors). Dashboards read only those.

Today is rolled up again from its raw events at each run (live figures); a past day is rolled
up one last time, then its raw events and its salt are deleted: from then on nothing can tell
whether two events were the same visitor's. Events arriving late for a day already closed are
added to its counts (not to its distinct visitors, which can no longer be known).
"""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncHour
from django.utils import timezone

from .models import ClosedDay, DailyCount, DailySalt, DailyVisitors, Event, HourlyCount

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
DUE_KEY = "insights:rollup-due"


def _bounds(day: datetime.date):
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    return start, start + datetime.timedelta(days=1)


def _visitors():
    return Count("visitor", distinct=True, filter=~Q(visitor=""))


def roll_up(*, now=None) -> list[datetime.date]:
    """Roll up every day that has raw events; the days rolled up."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    first = Event.objects.order_by("at").values_list("at", flat=True).first()
    if first is None:
        _forget_old_salts(today)
        return []
    day = timezone.localdate(first)
    days = []
    while day <= today:
        start, end = _bounds(day)
        if Event.objects.filter(at__gte=start, at__lt=end).exists():
            _roll_up_day(day, closing=day < today)
            days.append(day)
        day += datetime.timedelta(days=1)
    _forget_old_salts(today)
    return days


def _roll_up_day(day: datetime.date, *, closing: bool) -> None:
    start, end = _bounds(day)
    with transaction.atomic():
        # Up to the last event seen now: events written meanwhile wait for the next run.
        last = (
            Event.objects.filter(at__gte=start, at__lt=end)
            .order_by("-pk")
            .values_list("pk", flat=True)[0]
        )
        raw = Event.objects.filter(at__gte=start, at__lt=end, pk__lte=last)
        # Events of a day already closed came late: added to what it has.
        late = ClosedDay.objects.filter(day=day).exists()
        if not late:
            DailyCount.objects.filter(day=day).delete()
            HourlyCount.objects.filter(hour__gte=start, hour__lt=end).delete()
            DailyVisitors.objects.filter(day=day).delete()
        DailyCount.objects.bulk_create(
            (
                DailyCount(day=day, **row)
                for row in raw.values(*FACTS).annotate(
                    events=Count("pk"), visitors=_visitors(), amount=Sum("amount")
                )
            ),
            batch_size=2000,
        )
        HourlyCount.objects.bulk_create(
            HourlyCount(**row)
            for row in raw.annotate(hour=TruncHour("at"))
            .values("edition_id", "hour", "visitor_kind")
            .annotate(events=Count("pk"), visitors=_visitors())
        )
        if not late:
            DailyVisitors.objects.bulk_create(
                DailyVisitors(day=day, **row)
                for row in raw.values("edition_id", "visitor_kind").annotate(visitors=_visitors())
            )
        if closing:
            raw.delete()
            DailySalt.objects.filter(day=day).delete()
            ClosedDay.objects.get_or_create(day=day)


def _forget_old_salts(today: datetime.date) -> None:
    DailySalt.objects.filter(day__lt=today).delete()


def roll_up_if_due(*, now=None) -> bool:
    """Roll up at most every INSIGHTS_ROLLUP_SECONDS across every process (the shared cache
    says who does it)."""
    seconds = int(getattr(settings, "INSIGHTS_ROLLUP_SECONDS", 60))
    if not cache.add(DUE_KEY, 1, timeout=seconds):
        return False
    roll_up(now=now)
    return True
