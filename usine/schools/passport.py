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
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.dispatch import Signal
from django.utils import timezone, translation
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from usine.exhibits.models import Company, Testimonial, shown_testimonials
from usine.fair.models import Building
from usine.inputs import parse_id
from usine.town.services import public_version

from .errors import BadPosition, NotYours, SchoolsError, UnknownBuilding, UnknownTestimonial
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

    @property
    def shown_stamps(self) -> list[dict]:
        """The stamps with their sector's name in the reader's language (`stamps` hold the
        sector's code: the passport is kept in the cache for every language)."""
        names = dict(Company._meta.get_field("sector").flatchoices)
        return [
            {**stamp, "sector": str(names.get(stamp["sector"], stamp["sector"]))}
            for stamp in self.stamps
        ]

    def as_json(self) -> dict:
        return {
            "stamps": self.shown_stamps,
            "buildings": self.buildings,
            "sectors": self.sectors,
            "goal_buildings": GOAL_BUILDINGS,
            "goal_sectors": GOAL_SECTORS,
            "complete": self.complete,
            "new_stamp": self.new_stamp,
        }


def passport_of(*, pupil: Pupil, new_stamp: str = "") -> Passport:
    return passports_of(pupil_ids=[pupil.pk], new_stamps={pupil.pk: new_stamp})[pupil.pk]


def passports_of(*, pupil_ids, new_stamps: dict[int, str] | None = None) -> dict[int, Passport]:
    """pupil id → its passport, read in one query for all of them (rows, not model objects)."""
    new_stamps = new_stamps or {}
    passports = {
        pupil_id: Passport(new_stamp=new_stamps.get(pupil_id, "")) for pupil_id in pupil_ids
    }
    stamps = (
        BuildingVisit.objects.filter(pupil_id__in=list(passports), stamped_at__isnull=False)
        .order_by("stamped_at")
        .values_list("pupil_id", "building__slug", "building__name", "building__company__sector")
    )
    for pupil_id, slug, name, sector in stamps:
        passports[pupil_id].stamps.append({"building": slug, "name": name, "sector": sector})
    return passports


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


def _lock(pupil: Pupil) -> None:
    """One request of a pupil at a time decides what counts (parallel pings wait their turn)."""
    list(Pupil.objects.select_for_update().filter(pk=pupil.pk).values_list("pk", flat=True))


def record_presence(*, pupil: Pupil, building_slug: str = "", now=None) -> Passport:
    """The pupil's session bar is open in a building (or in the town when no slug): the seat moves
    there; time is credited when the previous ping was in the same building, not long ago, and
    the passport is stamped once it reaches the threshold."""
    answer = record_presences(pings={pupil.pk: building_slug}, now=now)[pupil.pk]
    if isinstance(answer, SchoolsError):
        raise answer
    return answer


def record_presences(*, pings: dict[int, str], now=None) -> dict[int, Passport | SchoolsError]:
    """`record_presence` for many pupils at once (pupil id → building slug, "" for the town), as
    a process's session bars send them: the same rules, in a few statements for all of them
    (the design point: 100 pings a second). Each pupil's answer is its passport, or the error
    that refused its ping alone (an unknown building, a pupil no longer there)."""
    now = now or timezone.now()
    answers: dict[int, Passport | SchoolsError] = {}
    stamped: dict[int, str] = {}
    with transaction.atomic():
        # One request of a pupil at a time decides what counts (its other pings, testimonial
        # reports and quizzes wait their turn); rows locked in one order, so two processes'
        # rounds never wait for each other in a circle.
        editions = dict(
            Pupil.objects.select_for_update(of=("self",))
            .filter(pk__in=sorted(pings))
            .order_by("pk")
            .values_list("pk", "school_class__edition_id")
        )
        wanted = {(editions[p], str(slug or "")[:80]) for p, slug in pings.items() if p in editions}
        buildings = {
            (building.edition_id, building.slug): building
            for building in Building.objects.filter(
                edition_id__in={edition for edition, slug in wanted if slug},
                slug__in={slug for _edition, slug in wanted if slug},
            ).only("pk", "edition_id", "slug", "name")
        }
        moves: dict[int, Building | None] = {}
        for pupil_id, slug in pings.items():
            if pupil_id not in editions:  # purged with its class meanwhile
                answers[pupil_id] = NotYours()
            elif not slug:
                moves[pupil_id] = None
            elif (building := buildings.get((editions[pupil_id], str(slug)[:80]))) is None:
                answers[pupil_id] = UnknownBuilding()
            else:
                moves[pupil_id] = building
        if moves:
            stamped = _move_seats(moves=moves, now=now)
    passports = passports_of(pupil_ids=list(moves), new_stamps=stamped)
    return {**answers, **passports}


def _move_seats(*, moves: dict[int, Building | None], now) -> dict[int, str]:
    """The seats move (pupil id → building, None: the town): the clocks of the buildings they
    left stop, time is credited where they stay; pupil id → the building it just stamped.
    Visits are read as plain rows and written a kind of change at a time (an UPDATE for all the
    clocks stopped, one for all those restarted…): a round's cost hardly grows with its size."""
    targets = {building.pk for building in moves.values() if building is not None}
    rows = (
        BuildingVisit.objects.filter(pupil_id__in=list(moves))
        .filter(Q(last_ping_at__isnull=False) | Q(building_id__in=targets))
        .values_list("pk", "pupil_id", "building_id", "seconds", "last_ping_at", "stamped_at")
    )
    found = {
        (pupil, building): (pk, seconds, last, at)
        for pk, pupil, building, seconds, last, at in rows
    }
    threshold = stamp_seconds()
    stopped, restarted, stamping, created = [], [], [], []
    credits: dict[int, list[int]] = {}  # seconds credited → the visits credited that much
    stamped: dict[int, str] = {}
    for (pupil_id, building_id), (pk, _seconds, last, _at) in found.items():
        building = moves[pupil_id]
        if last is not None and (building is None or building.pk != building_id):
            stopped.append(pk)  # the seat left it: its clock stops
    for pupil_id, building in moves.items():
        if building is None:
            continue
        row = found.get((pupil_id, building.pk))
        if row is None:  # arriving: the clock starts
            visit = BuildingVisit(pupil_id=pupil_id, building=building, last_ping_at=now)
            if threshold <= 0:
                visit.stamped_at, visit.stamp = now, BuildingVisit.Stamp.TIME
                stamped[pupil_id] = building.name
            created.append(visit)
            continue
        pk, seconds, last, stamped_at = row
        gap = now - last if last else None
        if gap is not None and gap <= PING_MAX_GAP:
            credited = max(int(gap.total_seconds()), 0)
            if credited:
                credits.setdefault(credited, []).append(pk)
            seconds += credited
        else:
            restarted.append(pk)  # back after a silence: the clock starts again
        if stamped_at is None and seconds >= threshold:
            stamping.append(pk)
            stamped[pupil_id] = building.name
    visits = BuildingVisit.objects
    if created:
        visits.bulk_create(created)
    if stopped:
        visits.filter(pk__in=stopped).update(last_ping_at=None)
    if restarted:
        visits.filter(pk__in=restarted).update(last_ping_at=now)
    for credited, pks in credits.items():
        visits.filter(pk__in=pks).update(
            seconds=F("seconds") + credited,
            # Moved on by whole seconds only: the fraction counts at the next ping.
            last_ping_at=F("last_ping_at") + datetime.timedelta(seconds=credited),
        )
    if stamping:
        visits.filter(pk__in=stamping).update(stamped_at=now, stamp=BuildingVisit.Stamp.TIME)
    for visit in [*created, *(visits.filter(pk__in=stamping) if stamping else [])]:
        if visit.stamped_at is not None:
            _announce(visit)
    # Where each seat is now, for the teacher's console: one statement for every seat.
    by_building: dict[int | None, list[int]] = {}
    for pupil_id, building in moves.items():
        by_building.setdefault(building and building.pk, []).append(pupil_id)
    if len(by_building) == 1:
        where = next(iter(by_building))
    else:
        where = Case(
            *(When(pupil_id__in=ids, then=Value(pk)) for pk, ids in by_building.items()),
            default=None,
            output_field=IntegerField(),
        )
    SeatClaim.objects.filter(pupil_id__in=list(moves)).update(building_id=where, last_seen_at=now)
    return stamped


def record_testimonial(*, pupil: Pupil, testimonial_id, position, now=None) -> Passport:
    """The player reports its position (a number of seconds) in a testimonial's video: counted when
    plausible; the testimonial is watched, and its building stamped, once a continuous count
    covers WATCHED_SHARE of the video."""
    now = now or timezone.now()
    testimonial = (
        Testimonial.objects.filter(shown_testimonials(), pk=parse_id(testimonial_id))
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
