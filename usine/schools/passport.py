"""The visit passport: a stamp per building visited long enough, or where a testimonial was
watched, towards a small goal (GOAL_BUILDINGS buildings in GOAL_SECTORS sectors).

Time is measured by the server: the building page pings every few seconds while it is shown,
and each ping credits the time since the previous one, at most PING_MAX_GAP (a closed laptop
does not collect time).
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from usine.exhibits.models import Testimonial
from usine.fair.models import Building
from usine.inputs import parse_id

from .errors import UnknownBuilding, UnknownTestimonial
from .models import BuildingVisit, Pupil, SeatClaim, TestimonialView

GOAL_BUILDINGS = 5
GOAL_SECTORS = 3
PING_MAX_GAP = datetime.timedelta(seconds=20)


def stamp_seconds() -> int:
    return getattr(settings, "PASSPORT_STAMP_SECONDS", 45)


@dataclass
class Passport:
    stamps: list[dict] = field(default_factory=list)  # [{"building", "name", "sector"}]
    new_stamp: str = ""  # the building stamped by this very call, if any

    @property
    def buildings(self) -> int:
        return len(self.stamps)

    @property
    def sectors(self) -> int:
        return len({stamp["sector"] for stamp in self.stamps})

    @property
    def complete(self) -> bool:
        return self.buildings >= GOAL_BUILDINGS and self.sectors >= GOAL_SECTORS

    def as_json(self) -> dict:
        return {
            "stamps": self.stamps,
            "buildings": self.buildings,
            "sectors": self.sectors,
            "goal_buildings": GOAL_BUILDINGS,
            "goal_sectors": GOAL_SECTORS,
            "complete": self.complete,
            "new_stamp": self.new_stamp,
        }


def passport_of(*, pupil: Pupil, new_stamp: str = "") -> Passport:
    visits = (
        BuildingVisit.objects.filter(pupil=pupil, stamped_at__isnull=False)
        .select_related("building__company")
        .order_by("stamped_at")
    )
    return Passport(
        stamps=[
            {
                "building": visit.building.slug,
                "name": visit.building.name,
                "sector": visit.building.company.get_sector_display(),
            }
            for visit in visits
        ],
        new_stamp=new_stamp,
    )


def _building(*, pupil: Pupil, slug: str) -> Building:
    building = Building.objects.filter(
        edition_id=pupil.school_class.edition_id, slug=str(slug or "")[:80]
    ).first()
    if building is None:
        raise UnknownBuilding()
    return building


def record_presence(*, pupil: Pupil, building_slug: str = "", now=None) -> Passport:
    """The pupil's session bar is open in a building (or in the town when no slug): credits
    the time since the last ping there and stamps the passport once it reaches the threshold."""
    now = now or timezone.now()
    if not building_slug:
        SeatClaim.objects.filter(pupil=pupil).update(building=None, last_seen_at=now)
        return passport_of(pupil=pupil)
    building = _building(pupil=pupil, slug=building_slug)
    stamped = ""
    with transaction.atomic():
        visit, _created = BuildingVisit.objects.select_for_update().get_or_create(
            pupil=pupil, building=building
        )
        if visit.last_ping_at is not None:
            gap = min(max(now - visit.last_ping_at, datetime.timedelta(0)), PING_MAX_GAP)
            visit.seconds += int(gap.total_seconds())
        visit.last_ping_at = now
        if visit.stamped_at is None and visit.seconds >= stamp_seconds():
            visit.stamped_at = now
            visit.stamp = BuildingVisit.Stamp.TIME
            stamped = building.name
        visit.save()
        SeatClaim.objects.filter(pupil=pupil).update(building=building, last_seen_at=now)
    return passport_of(pupil=pupil, new_stamp=stamped)


def record_testimonial(*, pupil: Pupil, testimonial_id, now=None) -> Passport:
    """The pupil watched a testimonial: remembered, and its building is stamped."""
    now = now or timezone.now()
    testimonial = Testimonial.objects.filter(pk=parse_id(testimonial_id), published=True).first()
    if testimonial is None:
        raise UnknownTestimonial()
    building = Building.objects.filter(
        edition_id=pupil.school_class.edition_id, company_id=testimonial.company_id
    ).first()
    if building is None:
        raise UnknownTestimonial()
    stamped = ""
    with transaction.atomic():
        TestimonialView.objects.get_or_create(pupil=pupil, testimonial=testimonial)
        visit, _created = BuildingVisit.objects.select_for_update().get_or_create(
            pupil=pupil, building=building
        )
        if visit.stamped_at is None:
            visit.stamped_at = now
            visit.stamp = BuildingVisit.Stamp.TESTIMONIAL
            visit.save(update_fields=["stamped_at", "stamp"])
            stamped = building.name
    return passport_of(pupil=pupil, new_stamp=stamped)
