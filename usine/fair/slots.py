"""Session slots: the chosen days of an edition times the day's start times, on the fair's clock
(settings.TIME_ZONE, Django's default time zone). The organizers' page and the `create_slots`
command both plan with `plan_slots` and create with `create_slots`."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .errors import FairError
from .models import Edition, SessionSlot

DEFAULT_START_TIMES = (
    datetime.time(8, 30),
    datetime.time(10, 15),
    datetime.time(13, 30),
    datetime.time(15, 15),
)


def edition_days(*, edition: Edition, weekdays_only: bool = True) -> list[datetime.date]:
    days, day = [], edition.starts_on
    while day <= edition.ends_on:
        if not weekdays_only or day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


@dataclass
class SlotPlan:
    """What `create_slots` would do: the slots it makes, the ones already there (kept as they
    are, bookings and capacity included) and the reasons it would refuse."""

    new: list[datetime.datetime] = field(default_factory=list)
    existing: list[datetime.datetime] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def plan_slots(
    *,
    edition: Edition,
    days,
    start_times,
    duration_minutes: int = 90,
) -> SlotPlan:
    zone = timezone.get_default_timezone()
    plan = SlotPlan()
    if len(set(start_times)) != len(start_times):
        plan.problems.append(_("Une heure de début est donnée deux fois."))
    outside = [day for day in days if not edition.starts_on <= day <= edition.ends_on]
    if outside:
        plan.problems.append(_("Un jour choisi est en dehors des dates de l'édition."))
    length = datetime.timedelta(minutes=duration_minutes)
    current = {
        slot.starts_at: slot.starts_at + datetime.timedelta(minutes=slot.duration_minutes)
        for slot in SessionSlot.objects.filter(edition=edition)
    }
    taken = dict(current)
    for day in sorted(set(days)):
        for start in sorted(set(start_times)):
            starts_at = datetime.datetime.combine(day, start, tzinfo=zone)
            if starts_at in current:
                plan.existing.append(starts_at)
                continue
            ends_at = starts_at + length
            clash = next((s for s, e in taken.items() if s < ends_at and starts_at < e), None)
            if clash is not None:
                plan.problems.append(
                    _("Le créneau du %(new)s chevauche celui de %(old)s.")
                    % {
                        "new": formats.date_format(timezone.localtime(starts_at), "l j F, H:i"),
                        "old": formats.date_format(timezone.localtime(clash), "H:i"),
                    }
                )
            taken[starts_at] = ends_at
            plan.new.append(starts_at)
    return plan


def create_slots(
    *,
    edition: Edition,
    days=None,
    start_times=DEFAULT_START_TIMES,
    capacity: int,
    duration_minutes: int = 90,
    weekdays_only: bool = True,
) -> tuple[int, int]:
    """Creates the planned slots (every day of the edition unless `days` are given); returns
    (created, existing). Refuses with FairError when the plan has problems (overlaps, duplicate
    times, days outside the edition); existing slots are left as they are."""
    if capacity < 1 or duration_minutes < 10:
        raise FairError(_("La capacité doit être d'au moins 1 et la durée de 10 minutes."))
    if days is None:
        days = edition_days(edition=edition, weekdays_only=weekdays_only)
    with transaction.atomic():
        Edition.objects.select_for_update().filter(pk=edition.pk).first()
        plan = plan_slots(
            edition=edition, days=days, start_times=start_times, duration_minutes=duration_minutes
        )
        if plan.problems:
            raise FairError(" ".join(plan.problems))
        SessionSlot.objects.bulk_create(
            SessionSlot(
                edition=edition,
                starts_at=starts_at,
                capacity=capacity,
                duration_minutes=duration_minutes,
            )
            for starts_at in plan.new
        )
    return len(plan.new), len(plan.existing)
