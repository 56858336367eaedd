"""The edition shown to visitors and the town's JSON description."""

import hashlib
import json
import secrets

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Prefetch, Q
from django.utils import translation

from usine.exhibits.models import JobProfile
from usine.fair import layout
from usine.fair.models import Building, Edition
from usine.fair.queries import open_edition

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
                filter=Q(
                    company__testimonials__published=True,
                    company__testimonials__video__isnull=False,
                ),
                distinct=True,
            )
        )
        .order_by("name")
    )


def town_payload(*, edition: Edition) -> dict:
    buildings = list(town_buildings(edition=edition))
    xs = [b.x for b in buildings] or [0.0]
    zs = [b.z for b in buildings] or [0.0]
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
            }
            for b in buildings
        ],
    }


def town_json() -> tuple[bytes, str] | None:
    """The open edition's town as JSON bytes and their ETag, in the active language.

    Built once per language and kept in the cache until the layout or its content changes
    (see signals.py), so a crowd opening the town costs one cache read each.
    """
    key = TOWN_CACHE_KEY.format(language=translation.get_language())
    cached = cache.get(key)
    if cached is not None:
        return cached
    edition = open_edition()
    if edition is None:
        return None
    body = json.dumps(
        town_payload(edition=edition), cls=DjangoJSONEncoder, ensure_ascii=False
    ).encode()
    result = (body, f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"')
    cache.set(key, result, TOWN_CACHE_SECONDS)
    return result


def forget_town() -> None:
    """Something visitors see changed: the town JSON is rebuilt and the pages' cached parts are
    drawn again on their next request."""
    from django.conf import settings

    cache.delete_many([TOWN_CACHE_KEY.format(language=code) for code, _name in settings.LANGUAGES])
    cache.set(PUBLIC_VERSION_KEY, secrets.token_hex(8), None)


def shown_edition(*, version: str) -> Edition | None:
    """`open_edition()` read through the cache under the public version (`public_version()`): the
    town's pages need it on every request, and any change to an edition gives a new version."""
    key = f"public:edition:{version}"
    cached = cache.get(key)
    if cached is None:
        cached = (open_edition(),)  # a tuple: "no open edition" is cached too
        cache.set(key, cached, PUBLIC_FRAGMENT_SECONDS)
    return cached[0]


def public_fragments() -> dict:
    """What a template needs to cache its parts that every visitor sees alike."""
    return {"public_version": public_version(), "fragment_seconds": PUBLIC_FRAGMENT_SECONDS}


def public_version() -> str:
    """The current version of what every visitor sees (a new one after each change)."""
    version = cache.get(PUBLIC_VERSION_KEY)
    if version is None:
        version = secrets.token_hex(8)
        if not cache.add(PUBLIC_VERSION_KEY, version, None):
            version = cache.get(PUBLIC_VERSION_KEY, version)
    return version


def buildings_by_zone_and_sector(*, edition: Edition) -> list[tuple[str, list[tuple[str, list]]]]:
    """For the text view: [(zone label, [(sector label, [buildings…]), …]), …]."""
    zones: dict[str, dict[str, list[Building]]] = {}
    for building in town_buildings(edition=edition):
        zone = building.get_zone_display()
        sector = building.company.get_sector_display()
        zones.setdefault(zone, {}).setdefault(sector, []).append(building)
    order = [label for _value, label in Building.Zone.choices]
    return [
        (zone, sorted(sectors.items()))
        for zone, sectors in sorted(zones.items(), key=lambda item: order.index(item[0]))
    ]
