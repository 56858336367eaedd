"""Presence slots at a building's desk: who of the company is there, and when.

The company plans them (`add_slot`, `remove_slot`); the building's page, the town's JSON and its
text view show who is at the desk now and the next times. What those pages show changes at
every start and end of a slot without any write: they read the edition's whole schedule from the
cache (`schedule`, kept under the public version, which every change of a slot renews) and key
their cached parts on the `epoch`, the number of starts and ends already passed.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from usine import versions
from usine.fair.models import Building

from .models import Company, PresenceSlot
from .services import ExhibitError

LONGEST_SLOT = datetime.timedelta(hours=4)
SHORTEST_SLOT = datetime.timedelta(minutes=15)
UPCOMING_SHOWN = 3
SCHEDULE_CACHE_SECONDS = 600


@dataclass(frozen=True)
class Entry:
    building_id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    host_label: str
    # The host is on camera at the desk (usine/desk/camera.py), for as long as the slot lasts.
    on_camera: bool = False


def entries(slots) -> tuple[Entry, ...]:
    """The entries of a queryset of presence slots, in its order."""
    return tuple(
        Entry(*row[:4], on_camera=row[4] is not None)
        for row in slots.values_list(
            "building_id", "starts_at", "ends_at", "host_label", "camera_opened_at"
        )
    )


@dataclass(frozen=True)
class DeskState:
    """What a building's desk looks like at one moment."""

    here_now: tuple[Entry, ...]
    upcoming: tuple[Entry, ...]

    @property
    def someone_here(self) -> bool:
        return bool(self.here_now)

    @property
    def on_camera(self) -> bool:
        return any(entry.on_camera for entry in self.here_now)

    @property
    def until(self) -> datetime.datetime | None:
        return max((entry.ends_at for entry in self.here_now), default=None)


# --- The company's planning -----------------------------------------------------------------------


def hosts(*, company: Company, building: Building) -> list[tuple[int, str]]:
    """Who may be at the desk: (user id, label) of the company's exhibitor accounts and of its
    professionals invited to the building's edition."""
    people = {}
    for professional in company.professionals.filter(edition_id=building.edition_id).select_related(
        "user", "job"
    ):
        job = professional.job.title if professional.job_id else ""
        people[professional.user_id] = ", ".join(filter(None, [professional.first_name, job]))
    for exhibitor in company.exhibitors.select_related("user"):
        people.setdefault(
            exhibitor.user_id, exhibitor.user.get_full_name() or exhibitor.user.get_username()
        )
    return sorted(people.items(), key=lambda item: item[1].lower())


def add_slot(
    *,
    company: Company,
    building: Building,
    host_id: int,
    host_label: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
) -> PresenceSlot:
    if building.company_id != company.pk:
        raise ExhibitError(_("Ce bâtiment n'est pas celui de votre entreprise."))
    if host_id not in dict(hosts(company=company, building=building)):
        raise ExhibitError(
            _("Choisissez une personne de votre entreprise (exposant ou professionnel·le)."),
            field="host",
        )
    if ends_at - starts_at < SHORTEST_SLOT:
        raise ExhibitError(_("Une présence dure au moins un quart d'heure."), field="ends_at")
    if ends_at - starts_at > LONGEST_SLOT:
        raise ExhibitError(_("Une présence dure au plus quatre heures."), field="ends_at")
    edition = building.edition
    days = (timezone.localdate(starts_at), timezone.localdate(ends_at))
    if not all(edition.starts_on <= day <= edition.ends_on for day in days):
        raise ExhibitError(
            _("Une présence a lieu pendant le salon, du %(start)s au %(end)s.")
            % {
                "start": edition.starts_on.strftime("%d/%m"),
                "end": edition.ends_on.strftime("%d/%m"),
            },
            field="starts_at",
        )
    with transaction.atomic():
        overlapping = PresenceSlot.objects.filter(
            host_id=host_id, starts_at__lt=ends_at, ends_at__gt=starts_at
        ).exists()
        if overlapping:
            raise ExhibitError(
                _("Cette personne est déjà à l'accueil pendant une partie de ce créneau."),
                field="starts_at",
            )
        return PresenceSlot.objects.create(
            building=building,
            host_id=host_id,
            host_label=host_label,
            starts_at=starts_at,
            ends_at=ends_at,
        )


def remove_slot(*, company: Company, slot_id: int) -> None:
    deleted, _rows = PresenceSlot.objects.filter(pk=slot_id, building__company=company).delete()
    if not deleted:
        raise ExhibitError(_("Cette présence n'existe pas."))


def company_slots(*, building: Building):
    return building.presence_slots.select_related("host").order_by("starts_at")


# --- What visitors see ----------------------------------------------------------------------------


def schedule(*, edition_id: int, version: str) -> tuple[Entry, ...]:
    """Every presence slot of the edition, oldest first, from the cache under `version` (the
    public version: a new one after each change of a slot)."""
    key = f"desk:schedule:{edition_id}:{version}"
    cached = versions.get_versioned(key)
    if cached is None:
        found = entries(
            PresenceSlot.objects.filter(building__edition_id=edition_id).order_by("starts_at", "pk")
        )
        versions.set_versioned(key, found, SCHEDULE_CACHE_SECONDS)
        return found
    return cached


def epoch(entries, *, now: datetime.datetime) -> int:
    """How many starts and ends of slots have passed: what the desk shows changes with it."""
    return sum((entry.starts_at <= now) + (entry.ends_at <= now) for entry in entries)


def next_change(entries, *, now: datetime.datetime) -> datetime.datetime | None:
    """The next start or end of a slot after `now`."""
    later = [
        moment for entry in entries for moment in (entry.starts_at, entry.ends_at) if moment > now
    ]
    return min(later, default=None)


def desk_state(entries, *, building_id: int, now: datetime.datetime) -> DeskState:
    own = [entry for entry in entries if entry.building_id == building_id]
    return DeskState(
        here_now=tuple(entry for entry in own if entry.starts_at <= now < entry.ends_at),
        upcoming=tuple(entry for entry in own if entry.starts_at > now)[:UPCOMING_SHOWN],
    )


def current_slot(*, building: Building, now: datetime.datetime | None = None):
    """The slot under way at the building's desk (the earliest to end), or None."""
    now = now or timezone.now()
    return (
        building.presence_slots.filter(starts_at__lte=now, ends_at__gt=now)
        .order_by("ends_at", "pk")
        .first()
    )
