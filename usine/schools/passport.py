"""The visit passport: a stamp per building visited long enough, or where a testimonial was
watched, towards a small goal (GOAL_BUILDINGS buildings in GOAL_SECTORS sectors).

The server decides what counts, from its own clock and the pupil's own requests:

- Time in a building. The building page pings every PING_SECONDS while it is shown. A seat is in
  one building at a time: a ping for building B moves the seat to B and every other building's
  clock stops. A ping credits the time since the previous ping when that one was for the same
  building and at most PING_MAX_GAP ago; a longer silence counts nothing and the clock restarts.
  PASSPORT_STAMP_SECONDS (a setting, 45 by default) credited stamp the building.
- A testimonial. While its video plays, the player reports its position every few seconds. The
  position may advance at most MAX_RATE times as fast as the server's clock since the previous
  report, from within the testimonial's building (the seat's building); any other report (a jump
  back or ahead, another building, a burst of reports) restarts the count at its position. Once a
  continuous count covers WATCHED_SHARE of the video's duration, the testimonial is watched and its
  building stamped.
- A quiz. The games app marks a building's quiz from the answers posted and calls
  `stamp_for_quiz` once per pupil and quiz it was passed (usine/games/quiz.py).
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone, translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from usine.exhibits.models import Testimonial
from usine.fair.models import Building
from usine.inputs import parse_id
from usine.town.services import public_version

from .errors import BadPosition, UnknownBuilding, UnknownTestimonial
from .models import BuildingVisit, Pupil, SeatClaim, TestimonialProgress, TestimonialView

GOAL_BUILDINGS = 5
GOAL_SECTORS = 3
PING_SECONDS = 5  # the building page's ping (frontend/src/session-bar.js)
PING_MAX_GAP = datetime.timedelta(seconds=2 * PING_SECONDS)  # a late ping still counts
MAX_RATE = 2.0  # a video's position advances at most twice as fast as the clock
WATCHED_SHARE = 0.8
PASSPORT_CACHE_KEY = "passport:{pupil}:{language}"
PASSPORT_CACHE_SECONDS = 2 * 3600  # a session lasts 1h30


# Sent once a stamp is committed, with `visit` (the stamped BuildingVisit): the class challenge
# (usine/games) counts it.
building_stamped = Signal()

# Sent when the session bar draws a pupil's passport afresh, with `pupil`: apps above this one
# answer with a part of it as HTML (usine/games: the orientation profile the pupil kept), kept
# with the stamps until `forget_passport`. An answer of None adds nothing.
passport_sections = Signal()


def _announce(visit: BuildingVisit) -> None:
    forget_passport(pupil_id=visit.pupil_id)
    transaction.on_commit(lambda: building_stamped.send(sender=BuildingVisit, visit=visit))


def _passport_keys(pupil_id: int) -> list[str]:
    # Sector names are translated: one entry per language.
    return [
        PASSPORT_CACHE_KEY.format(pupil=pupil_id, language=code) for code, _ in settings.LANGUAGES
    ]


def forget_passport(*, pupil_id: int) -> None:
    """The pupil's stamps changed: the session bar reads them again. At once, for the writer's
    own next read, and once committed: a page drawn meanwhile read the stamps from before."""
    keys = _passport_keys(pupil_id)
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def stamp_seconds() -> int:
    return getattr(settings, "PASSPORT_STAMP_SECONDS", 45)


@dataclass
class Passport:
    stamps: list[dict] = field(default_factory=list)  # [{"building", "name", "sector"}]
    new_stamp: str = ""  # the building stamped by this very call, if any
    sections: list[str] = field(default_factory=list)  # HTML from passport_sections

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


def shown_passport(*, pupil: Pupil) -> Passport:
    """`passport_of` and its sections for the session bar on every page a pupil opens, read
    through the cache: the stamps and the sections change only when the pupil earns or keeps
    something (`forget_passport`), and the buildings' names with the public version (a change to
    a building or its company gives a new one)."""
    version = public_version()
    key = PASSPORT_CACHE_KEY.format(pupil=pupil.pk, language=translation.get_language())
    cached = cache.get(key)
    if cached is not None and cached[0] == version:
        return Passport(stamps=cached[1], sections=[mark_safe(part) for part in cached[2]])
    passport = passport_of(pupil=pupil)
    answers = passport_sections.send(sender=Passport, pupil=pupil)
    # A receiver's SafeString (a rendered template) stays as it is; any other text is escaped.
    passport.sections = [conditional_escape(part) for _receiver, part in answers if part]
    kept = (version, passport.stamps, [str(part) for part in passport.sections])
    cache.set(key, kept, PASSPORT_CACHE_SECONDS)
    return passport


def _building(*, pupil: Pupil, slug: str) -> Building:
    building = Building.objects.filter(
        edition_id=pupil.school_class.edition_id, slug=str(slug or "")[:80]
    ).first()
    if building is None:
        raise UnknownBuilding()
    return building


def _lock(pupil: Pupil) -> None:
    """One request of a pupil at a time decides what counts (parallel pings wait their turn)."""
    list(Pupil.objects.select_for_update().filter(pk=pupil.pk).values_list("pk", flat=True))


def record_presence(*, pupil: Pupil, building_slug: str = "", now=None) -> Passport:
    """The pupil's session bar is open in a building (or in the town when no slug): the seat moves
    there; time is credited when the previous ping was in the same building, not long ago, and
    the passport is stamped once it reaches the threshold."""
    now = now or timezone.now()
    building = _building(pupil=pupil, slug=building_slug) if building_slug else None
    stamped = ""
    with transaction.atomic():
        _lock(pupil)
        running = BuildingVisit.objects.filter(pupil=pupil, last_ping_at__isnull=False)
        if building is not None:
            running = running.exclude(building=building)
        running.update(last_ping_at=None)  # the seat left them: their clocks stop
        if building is not None:
            visit, _created = BuildingVisit.objects.get_or_create(pupil=pupil, building=building)
            gap = now - visit.last_ping_at if visit.last_ping_at else None
            if gap is not None and gap <= PING_MAX_GAP:
                credited = max(int(gap.total_seconds()), 0)
                visit.seconds += credited
                visit.last_ping_at += datetime.timedelta(seconds=credited)  # keeps the fraction
            else:
                visit.last_ping_at = now  # arriving, or back after a silence: the clock starts
            if visit.stamped_at is None and visit.seconds >= stamp_seconds():
                visit.stamped_at = now
                visit.stamp = BuildingVisit.Stamp.TIME
                stamped = building.name
                _announce(visit)
            visit.save()
        SeatClaim.objects.filter(pupil=pupil).update(building=building, last_seen_at=now)
    return passport_of(pupil=pupil, new_stamp=stamped)


def record_testimonial(*, pupil: Pupil, testimonial_id, position, now=None) -> Passport:
    """The player reports its position (a number of seconds) in a testimonial's video: counted when
    plausible; the testimonial is watched, and its building stamped, once a continuous count
    covers WATCHED_SHARE of the video."""
    now = now or timezone.now()
    testimonial = (
        Testimonial.objects.filter(pk=parse_id(testimonial_id), published=True)
        .select_related("video")
        .first()
    )
    if testimonial is None or testimonial.video is None or not testimonial.video.duration_s:
        raise UnknownTestimonial()
    building = Building.objects.filter(
        edition_id=pupil.school_class.edition_id, company_id=testimonial.company_id
    ).first()
    if building is None:
        raise UnknownTestimonial()
    if isinstance(position, bool) or not isinstance(position, int | float):
        raise BadPosition()
    duration = testimonial.video.duration_s
    position = min(max(float(position), 0.0), duration)
    stamped = ""
    with transaction.atomic():
        _lock(pupil)
        in_building = BuildingVisit.objects.filter(
            pupil=pupil, building=building, last_ping_at__isnull=False
        ).exists()
        progress = TestimonialProgress.objects.filter(pupil=pupil, testimonial=testimonial).first()
        if progress is None:
            progress = TestimonialProgress(pupil=pupil, testimonial=testimonial)
        else:
            elapsed = (now - progress.reported_at).total_seconds()
            advance = position - progress.position
            if in_building and 0 <= advance <= elapsed * MAX_RATE:
                progress.watched += advance
            else:
                progress.watched = 0  # not plausible: the count restarts from here
        progress.position, progress.reported_at = position, now
        progress.save()
        if progress.watched >= WATCHED_SHARE * duration:
            TestimonialView.objects.get_or_create(pupil=pupil, testimonial=testimonial)
            visit, _created = BuildingVisit.objects.get_or_create(pupil=pupil, building=building)
            if visit.stamped_at is None:
                visit.stamped_at = now
                visit.stamp = BuildingVisit.Stamp.TESTIMONIAL
                visit.save(update_fields=["stamped_at", "stamp"])
                stamped = building.name
                _announce(visit)
    return passport_of(pupil=pupil, new_stamp=stamped)


def stamp_for_quiz(*, pupil: Pupil, building: Building, now=None) -> Passport:
    """The pupil passed the building's quiz (marked on the server): the building is stamped,
    unless it already was."""
    now = now or timezone.now()
    stamped = ""
    with transaction.atomic():
        _lock(pupil)
        visit, _created = BuildingVisit.objects.get_or_create(pupil=pupil, building=building)
        if visit.stamped_at is None:
            visit.stamped_at = now
            visit.stamp = BuildingVisit.Stamp.QUIZ
            visit.save(update_fields=["stamped_at", "stamp"])
            stamped = building.name
            _announce(visit)
    return passport_of(pupil=pupil, new_stamp=stamped)
