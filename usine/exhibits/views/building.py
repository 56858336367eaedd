from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from usine.front_cache import front_cached
from usine.town import services as town

from .. import presence, queries


@require_GET
@front_cached
def building(request, slug):
    fragments = town.public_fragments()
    edition = town.shown_edition(version=fragments["public_version"])
    building = town.shown_building(slug=slug, edition=edition, version=fragments["public_version"])
    company = building.company
    # Who is at the desk changes with the clock: the page's shared part is drawn again at each
    # start or end of a presence (its cache key holds the epoch).
    entries = presence.schedule(edition_id=building.edition_id, version=fragments["public_version"])
    now = timezone.now()
    return render(
        request,
        "exhibits/building.html",
        {
            "building": building,
            "company": company,
            # Built and read only when the page's shared part is drawn again (a cache miss).
            "testimonials": SimpleLazyObject(
                lambda: queries.published_testimonials(company=company)
            ),
            "job_profiles": SimpleLazyObject(lambda: queries.job_profiles(company=company)),
            "demos": SimpleLazyObject(lambda: queries.demos(company=company)),
            "desk": presence.desk_state(entries, building_id=building.pk, now=now),
            "desk_epoch": presence.epoch(entries, now=now),
            **fragments,
        },
    )
