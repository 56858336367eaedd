from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from usine.front_cache import front_cached

from . import services


@require_GET
@front_cached
def town(request):
    fragments = services.public_fragments()
    edition = services.shown_edition(version=fragments["public_version"])
    return render(request, "town/town.html", {"edition": edition, **fragments})


@require_GET
@front_cached
def text_view(request):
    fragments = services.public_fragments()
    edition = services.shown_edition(version=fragments["public_version"])
    # Read only when the page's cached part is drawn again.
    zones = SimpleLazyObject(
        lambda: services.buildings_by_zone_and_sector(edition=edition) if edition else []
    )
    return render(
        request,
        "town/text_view.html",
        {"edition": edition, "zones": zones, **fragments},
    )


@require_GET
@front_cached
def api_town(request):
    town = services.town_json()
    if town is None:
        return JsonResponse({"error": _("Aucune édition du salon n'est ouverte.")}, status=404)
    body, etag = town
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    # Short browser cache, then a cheap revalidation (304) against the ETag.
    patch_cache_control(response, public=True, max_age=60)
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response
