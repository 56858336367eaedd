"""Personal data is kept PERSONAL_DATA_RETENTION_DAYS after the edition ends, then purged.

Purged: the pupils (with whatever hangs on them: seat claims, building visits, testimonials
watched, questions — all linked to Pupil with CASCADE), and the accounts of teachers who asked to
be anonymised. Kept: classes, bookings and slots, which hold no personal data and carry the
edition's figures (classes and pupil counts), and each session's activity figures, frozen into a
SessionSummary (reports.freeze_summary) just before the activity goes.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Sum
from django.dispatch import Signal
from django.utils import timezone

from usine.fair.models import Edition

from . import reports
from .models import Booking, Pupil, Teacher

# Sent after each purge with `now`: apps above this one delete their own old personal data
# (e.g. contact messages, usine/about/signals.py) without this module knowing them.
personal_data_purged = Signal()


@dataclass
class PurgeReport:
    editions: list[str]
    pupils: int
    teachers: int


def purgeable_editions(*, now=None, days: int | None = None):
    """Editions whose last day is more than `days` days before today."""
    days = settings.PERSONAL_DATA_RETENTION_DAYS if days is None else days
    today = timezone.localdate(now or timezone.now())
    return Edition.objects.filter(ends_on__lt=today - datetime.timedelta(days=days))


def purge_personal_data(*, now=None, days: int | None = None) -> PurgeReport:
    now = now or timezone.now()
    editions = purgeable_editions(now=now, days=days)
    with transaction.atomic():
        unfrozen = Booking.objects.filter(
            slot__edition__in=editions, summary__isnull=True, school_class__pupils__isnull=False
        ).distinct()
        for booking in unfrozen.select_related("school_class"):
            reports.freeze_summary(booking=booking)
        _total, by_model = Pupil.objects.filter(school_class__edition__in=editions).delete()
        # delete() counts the cascaded rows too (activity, questions): report the pupils alone.
        pupils = by_model.get(Pupil._meta.label, 0)
        # A teacher with a class in an edition still within its retention period keeps the account.
        teachers = (
            Teacher.objects.filter(wants_anonymisation=True, anonymised_at__isnull=True)
            .exclude(classes__edition__in=Edition.objects.exclude(pk__in=editions))
            .select_related("user")
        )
        anonymised = 0
        for teacher in teachers:
            _anonymise(teacher, now=now)
            anonymised += 1
    personal_data_purged.send(sender=PurgeReport, now=now)
    return PurgeReport(
        editions=[edition.name for edition in editions], pupils=pupils, teachers=anonymised
    )


def _anonymise(teacher: Teacher, *, now) -> None:
    user = teacher.user
    user.username = f"anonyme-{teacher.pk}"
    user.email = ""
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    teacher.anonymised_at = now
    teacher.save(update_fields=["anonymised_at"])


def edition_figures(*, edition: Edition) -> dict:
    """Classes and pupils that booked a session of the edition: computed from classes and
    bookings, so still right after the pupils are purged."""
    totals = Booking.objects.filter(slot__edition=edition).aggregate(
        classes=Count("pk"), pupils=Sum("school_class__pupil_count")
    )
    return {"classes": totals["classes"], "pupils": totals["pupils"] or 0}
