from django.shortcuts import render
from django.views.decorators.http import require_GET

from usine.front_cache import front_cached
from usine.town import services as town

from .. import queries


@require_GET
@front_cached
def building(request, slug):
    building = queries.open_building(slug=slug)
    return render(
        request,
        "exhibits/building.html",
        {
            "building": building,
            "company": building.company,
            "testimonials": queries.published_testimonials(company=building.company),
            "job_profiles": queries.job_profiles(company=building.company),
            "demos": queries.demos(company=building.company),
            **town.public_fragments(),
        },
    )
