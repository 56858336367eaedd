"""The edition shown to visitors and the town's JSON description."""

import hashlib
import json

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from usine import versions
from usine.exhibits import presence
from usine.exhibits.models import JobProfile, PresenceSlot, Testimonial, shown_testimonials
from usine.exhibits.queries import open_building
from usine.fair import layout
from usine.fair.models import Building, Edition
from usine.fair.queries import shown_edition as current_edition
from usine.forum.place import forum_site
from usine.forum.queries import on_air

TOWN_CACHE_KEY = "town:json:{language}"
TOWN_CACHE_SECONDS = 3600
# The version of what every visitor sees alike (the town, the buildings' pages, the text view):
# pages cache those parts under it, `{% cache PUBLIC_FRAGMENT_SECONDS name public_version
# LANGUAGE_CODE %}`, and a change gives a new version (see signals.py). The fragments also expire
# on their own, which bounds how long a media address written into them is served.
PUBLIC_VERSION_KEY = "public:version"
PUBLIC_FRAGMENT_SECONDS = 600


def town_buildings(*, edition: Edition):
    """The edition's buildings with their company, job titles and published testimonial count."""
    return (
        edition.buildings.select_related("company")
        .prefetch_related(
            Prefetch(
                "company__job_profiles",
                queryset=JobProfile.objects.only("id", "title", "company_id"),
            )
        )
        .annotate(
            testimonial_count=Count(
                "company__testimonials",
                filter=shown_testimonials("company__testimonials__"),
                distinct=True,
            ),
            # "Elles font l'industrie": the buildings where women tell their trade.
            women_testimonial_count=Count(
                "company__testimonials",
                filter=shown_testimonials("company__testimonials__")
                & Q(company__testimonials__gender=Testimonial.Gender.WOMAN),
                distinct=True,
            ),
        )
        .order_by("name")
    )


def women_buildings(*, edition: Edition) -> list:
    """The buildings with at least one woman's published testimonial."""
    return [b for b in town_buildings(edition=edition) if b.women_testimonial_count]


def forum_label(forum: dict) -> str:
    """The line under the Forum's name in the town: what is live, else what comes next."""
    if forum["live"]:
        return _("En direct : %(title)s") % {"title": forum["live"][0]["title"]}
    if forum["next"]:
        upcoming = forum["next"]
        if upcoming["is_today"]:
            return _("À %(time)s : %(title)s") % upcoming
        return _("%(day)s à %(time)s : %(title)s") % {
            **upcoming,
            "day": formats.date_format(upcoming["day"], "l j F").capitalize(),
        }
    return _("Conférences en replay")


def forum_building(*, forum: dict, buildings) -> dict | None:
    """The Forum's auditorium among the town's buildings (look "auditorium"), on its plot."""
    site = forum_site(buildings=buildings)
    if site is None:
        return None
    return {
        "slug": "forum",
        "kind": "forum",
        "name": _("Le Forum"),
        "company": "",
        "sector": "",
        "sector_label": forum_label(forum),
        "city": "",
        "look": "auditorium",
        "x": site.x,
        "z": site.z,
        "orientation": site.orientation,
        "zone": site.zone,
        "jobs": [],
        "testimonial_count": 0,
        "url": reverse("forum:programme"),
    }


def desk_payload(state: presence.DeskState) -> dict:
    """Who is at a building's desk now (public labels) and when someone comes next."""
    return {
        "here_now": [entry.host_label for entry in state.here_now],
        # Someone is on camera at the desk: visitors may watch and ask (usine/desk/camera.py).
        "on_camera": state.on_camera,
        "until": state.until,
        "next": [{"starts_at": e.starts_at, "ends_at": e.ends_at} for e in state.upcoming],
    }


def _edition_schedule(edition: Edition) -> tuple[presence.Entry, ...]:
    return presence.entries(
        PresenceSlot.objects.filter(building__edition=edition).order_by("starts_at", "pk")
    )


def town_payload(*, edition: Edition, now=None, entries=None) -> dict:
    """The town's description for the client. With a Forum programme, `forum` says what is live
    and next (see forum.queries.on_air) and the Forum's auditorium ends the building list. Each
    building says who is at its desk now and when next (`entries`: the edition's presences)."""
    now = now or timezone.now()
    entries = _edition_schedule(edition) if entries is None else entries
    buildings = list(town_buildings(edition=edition))
    forum = on_air(edition=edition, now=now)
    forum_entry = forum_building(forum=forum, buildings=buildings) if forum else None
    xs = [b.x for b in buildings] or [0.0]
    zs = [b.z for b in buildings] or [0.0]
    if forum_entry:
        xs, zs = [*xs, forum_entry["x"]], [*zs, forum_entry["z"]]
    return {
        "edition": {
            "name": edition.name,
            "slug": edition.slug,
            "starts_on": edition.starts_on,
            "ends_on": edition.ends_on,
        },
        "town": {
            "coast_z": layout.COAST_Z,
            "grid": layout.GRID,
            "footprint": layout.FOOTPRINT,
            "min_x": min(xs) - layout.MARGIN,
            "max_x": max(xs) + layout.MARGIN,
            "min_z": min(zs) - layout.MARGIN,
            "max_z": layout.COAST_Z,
        },
        "buildings": [
            {
                "slug": b.slug,
                "name": b.name,
                "company": b.company.name,
                "sector": b.company.sector,
                "sector_label": b.company.get_sector_display(),
                "city": b.company.city,
                "look": b.look,
                "x": b.x,
                "z": b.z,
                "orientation": b.orientation,
                "zone": b.zone,
                "jobs": [job.title for job in b.company.job_profiles.all()],
                "testimonial_count": b.testimonial_count,
                "url": b.get_absolute_url(),
                "desk": desk_payload(presence.desk_state(entries, building_id=b.pk, now=now)),
            }
            for b in buildings
        ]
        + ([forum_entry] if forum_entry else []),
        "forum": forum,
    }


def _seconds_until(moment, *, longest: int) -> int:
    """Seconds from now until `moment` (at least one, at most `longest`)."""
    if moment is None:
        return longest
    return max(1, min(longest, int((moment - timezone.now()).total_seconds()) + 1))


def town_json() -> tuple[bytes, str] | None:
    """The open edition's town as JSON bytes and their ETag, in the active language.

    Built once per language and kept in the cache until the layout or its content changes
    (see signals.py), so a crowd opening the town costs one cache read each. The Forum's "next"
    and who is at the buildings' desks also change with the clock: the answer is kept no longer
    than the next of those changes.
    """
    key = TOWN_CACHE_KEY.format(language=translation.get_language())
    now = timezone.now()
    cached = cache.get(key)
    if cached is not None and (cached[2] is None or now < cached[2]):
        return cached[:2]
    edition = current_edition()
    if edition is None:
        return None
    entries = _edition_schedule(edition)
    payload = town_payload(edition=edition, now=now, entries=entries)
    body = json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
    result = (body, f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"')
    forum = payload["forum"]
    changes = [forum and forum["valid_until"], presence.next_change(entries, now=now)]
    valid_until = min((moment for moment in changes if moment), default=None)
    cache.set(key, (*result, valid_until), _seconds_until(valid_until, longest=TOWN_CACHE_SECONDS))
    return result


def forget_town() -> None:
    """Something visitors see changed: the town JSON is rebuilt and the pages' cached parts are
    drawn again on their next request."""
    from django.conf import settings

    cache.delete_many([TOWN_CACHE_KEY.format(language=code) for code, _name in settings.LANGUAGES])
    versions.renew([PUBLIC_VERSION_KEY], None)


def shown_edition(*, version: str) -> Edition | None:
    """`fair.queries.shown_edition()` (the open edition, else the last archived) read through
    the cache under the public version (`public_version()`): the town's pages need it on every
    request, and any change to an edition gives a new version."""
    key = f"public:edition:{version}"
    cached = versions.get_versioned(key)
    if cached is None:
        cached = (current_edition(),)  # a tuple: "no edition" is cached too
        versions.set_versioned(key, cached, PUBLIC_FRAGMENT_SECONDS)
    return cached[0]


def shown_building(*, slug: str, edition: Edition | None, version: str) -> Building:
    """`exhibits.queries.open_building` (with its company and edition) read through the cache
    under the public version, as `shown_edition`: a building's page needs it on every request,
    and any change to a building, its company or its edition gives a new version. Only buildings
    that exist are kept (made-up addresses must not fill the cache); the others raise Http404."""
    key = f"public:building:{edition.pk if edition else 0}:{slug}:{version}"
    building = versions.get_versioned(key)
    if building is None:
        building = open_building(slug=slug, edition=edition)
        versions.set_versioned(key, building, PUBLIC_FRAGMENT_SECONDS)
    return building


def forum_now(*, edition: Edition | None, version: str) -> dict | None:
    """`forum.queries.on_air` for the town's and the Forum's pages, read through the cache under
    the public version (a talk going on air gives a new one) until "next" moves with the clock.
    The dict carries `key`, for the pages' cached parts."""
    if edition is None:
        return None
    key = f"public:forum:{edition.pk}:{version}"
    cached = versions.get_versioned(key)
    now = timezone.now()
    if cached is None or (
        cached[0] and cached[0]["valid_until"] and cached[0]["valid_until"] <= now
    ):
        forum = on_air(edition=edition, now=now)
        if forum is not None:
            until = forum["valid_until"]
            forum["key"] = f"{version}-{int(until.timestamp()) if until else 0}"
        cached = (forum,)
        lifetime = _seconds_until(forum and forum["valid_until"], longest=PUBLIC_FRAGMENT_SECONDS)
        versions.set_versioned(key, cached, lifetime)
    return cached[0]


def public_fragments() -> dict:
    """What a template needs to cache its parts that every visitor sees alike."""
    return {"public_version": public_version(), "fragment_seconds": PUBLIC_FRAGMENT_SECONDS}


def public_version() -> str:
    """The current version of what every visitor sees (a new one after each change)."""
    return versions.current(PUBLIC_VERSION_KEY, None)


def buildings_by_zone_and_sector(
    *, edition: Edition, women_only: bool = False
) -> list[tuple[str, list[tuple[str, list]]]]:
    """For the text view: [(zone label, [(sector label, [buildings…]), …]), …]; with
    `women_only`, the buildings where a woman tells her trade."""
    zones: dict[str, dict[str, list[Building]]] = {}
    for building in town_buildings(edition=edition):
        if women_only and not building.women_testimonial_count:
            continue
        zone = building.get_zone_display()
        sector = building.company.get_sector_display()
        zones.setdefault(zone, {}).setdefault(sector, []).append(building)
    order = [label for _value, label in Building.Zone.choices]
    return [
        (zone, sorted(sectors.items()))
        for zone, sectors in sorted(zones.items(), key=lambda item: order.index(item[0]))
    ]
