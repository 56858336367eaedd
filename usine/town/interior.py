"""The inside of a building as the 3D client draws it: the stations of its interior (a screen per
testimonial, a panel per job, the demo corner, the quiz kiosk, the company's desk), from the same
queries as the building's page (usine/exhibits/queries.py), as JSON bytes kept in the cache.

The JSON is kept under the public version (services.public_version): any change to what visitors
see gives a new version, so the next request builds it again. It also expires on its own after
PUBLIC_FRAGMENT_SECONDS, like the pages' cached parts, which bounds how long a media address
written into it is served.
"""

import hashlib
import json

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from usine.exhibits import queries
from usine.exhibits.models import Demo
from usine.fair.models import Building

from .services import PUBLIC_FRAGMENT_SECONDS, public_version, shown_edition

INTERIOR_CACHE_KEY = "interior:json:{version}:{language}:{slug}"
# The quiz kiosk and the company's desk are sections of the building's page: the interior's
# stations lead there by these anchors.
QUIZ_ANCHOR = "quiz"
DESK_ANCHOR = "desk"


def _url(name) -> str:
    return default_storage.url(name) if name else ""


def _video(video) -> dict:
    return {
        "hls": _url(video.playlist),
        "poster": _url(video.poster),
        "captions": video.captions.url if video.captions else "",
        "captions_language": video.captions_language,
        "captions_label": _("Français"),
    }


def interior_payload(*, building: Building) -> dict:
    company = building.company
    page = building.get_absolute_url()
    testimonials = [
        {
            "id": testimonial.pk,
            "name": testimonial.first_name,
            "job": testimonial.job_shown,
            "role": testimonial.get_role_display(),
            "job_id": testimonial.job_id,
            "url": f"{page}#testimonial-{testimonial.pk}",
            **_video(testimonial.video),
        }
        for testimonial in queries.published_testimonials(company=company)
    ]
    jobs = [
        {
            "id": job.pk,
            "title": job.title,
            "in_shortage": job.in_shortage,
            "description": job.description,
            "skills": job.skill_list,
            "conditions": job.working_conditions,
            "salary": _("de %(low)s € à %(high)s €")
            % {"low": job.salary_min, "high": job.salary_max},
            "routes": [
                {
                    "name": route.name,
                    "kind": route.get_kind_display(),
                    "duration": route.access,
                }
                for route in job.training_routes.all()
            ],
            "url": f"{page}#job-{job.pk}",
        }
        for job in queries.job_profiles(company=company)
    ]
    demos = [
        {
            "id": demo.pk,
            "title": demo.title,
            "description": demo.description,
            "kind": demo.kind,
            "video": _video(demo.video) if demo.kind == Demo.Kind.VIDEO else None,
            "photos": [
                {"url": photo.image.url, "alt": photo.alt_text} for photo in demo.photos.all()
            ],
        }
        for demo in queries.demos(company=company)
    ]
    return {
        "building": {
            "slug": building.slug,
            "name": building.name,
            "company": company.name,
            "sector": company.sector,
            "sector_label": company.get_sector_display(),
            "city": company.city,
            "about": company.description,
            "description": building.description,
            "look": building.look,
            "zone": building.zone,
            "url": page,
        },
        "testimonials": testimonials,
        "jobs": jobs,
        "demos": demos,
        "stations": {
            "quiz": {"url": f"{page}#{QUIZ_ANCHOR}"},
            # `ask`: the desk's own page, where visitors watch its camera when it is live.
            "desk": {
                "url": f"{page}#{DESK_ANCHOR}",
                "ask": reverse("desk:ask", kwargs={"slug": building.slug}),
            },
        },
    }


def interior_json(*, slug: str) -> tuple[bytes, str]:
    """The building's inside as JSON bytes and their ETag, in the active language; Http404 when
    the open edition has no such building."""
    if len(slug) > Building._meta.get_field("slug").max_length:
        raise Http404(_("Ce bâtiment n'existe pas dans la ville."))
    version = public_version()
    key = INTERIOR_CACHE_KEY.format(version=version, language=translation.get_language(), slug=slug)
    cached = cache.get(key)
    if cached is not None:
        return cached
    building = queries.open_building(slug=slug, edition=shown_edition(version=version))
    body = json.dumps(interior_payload(building=building), ensure_ascii=False).encode()
    result = (body, f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"')
    cache.set(key, result, PUBLIC_FRAGMENT_SECONDS)
    return result
