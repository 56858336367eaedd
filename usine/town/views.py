import secrets

from django.http import Http404, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from usine.exhibits import presence
from usine.fair.models import Edition
from usine.front_cache import front_cached
from usine.roles import organizer_required

from . import interior, services

# `?elles=1`: the town list and the text view keep the buildings where women tell their trade.
WOMEN = "elles"


def _women_only(request) -> bool:
    return request.GET.get(WOMEN) == "1"


@require_GET
@front_cached
def town(request):
    return _town_page(request)


def _town_page(request, *, inside_slug: str | None = None):
    """The town's page; with `inside_slug`, the page opened inside that building."""
    fragments = services.public_fragments()
    edition = services.shown_edition(version=fragments["public_version"])
    inside = (
        services.shown_building(
            slug=inside_slug, edition=edition, version=fragments["public_version"]
        )
        if inside_slug is not None
        else None
    )
    forum = services.forum_now(edition=edition, version=fragments["public_version"])
    women_only = _women_only(request)
    buildings = SimpleLazyObject(
        lambda: (
            (
                services.women_buildings(edition=edition)
                if women_only
                else list(edition.buildings.all())
            )
            if edition
            else []
        )
    )
    return render(
        request,
        "town/town.html",
        {
            "edition": edition,
            "buildings": buildings,
            "women_only": women_only,
            "forum": forum,
            "inside": inside,
            **fragments,
        },
    )


@require_GET
@front_cached
def text_view(request):
    fragments = services.public_fragments()
    edition = services.shown_edition(version=fragments["public_version"])
    # Read only when the page's cached part is drawn again.
    women_only = _women_only(request)
    zones = SimpleLazyObject(
        lambda: (
            services.buildings_by_zone_and_sector(edition=edition, women_only=women_only)
            if edition
            else []
        )
    )
    forum = services.forum_now(edition=edition, version=fragments["public_version"])
    # Who is at a desk changes with the clock: the cached part is keyed on the desks' epoch.
    entries = (
        presence.schedule(edition_id=edition.pk, version=fragments["public_version"])
        if edition
        else ()
    )
    now = timezone.now()
    return render(
        request,
        "town/text_view.html",
        {
            "edition": edition,
            "zones": zones,
            "forum": forum,
            "women_only": women_only,
            "desk_epoch": presence.epoch(entries, now=now),
            "desk_here": {e.building_id for e in entries if e.starts_at <= now < e.ends_at},
            **fragments,
        },
    )


@require_GET
@front_cached
def inside(request, slug):
    """Inside a building: the town's page, which opens the building's interior (the 3D client
    reads the address); its session bar counts the pupil in that building."""
    return _town_page(request, inside_slug=slug)


@require_GET
@front_cached
def api_town(request):
    town = services.town_json()
    if town is None:
        return JsonResponse({"error": _("Aucune édition du salon n'est ouverte.")}, status=404)
    return _json_answer(request, *town)


@require_GET
@front_cached
def api_interior(request, slug):
    try:
        answer = interior.interior_json(slug=slug)
    except Http404 as error:
        return JsonResponse({"error": str(error)}, status=404)
    return _json_answer(request, *answer)


def _json_answer(request, body: bytes, etag: str) -> HttpResponse:
    """Cached JSON: a 304 to a matching ETag, a short browser cache, then a cheap revalidation."""
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=60)
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


@require_GET
@organizer_required
def preview(request, slug):
    """An edition's town as visitors will see it, for its organizers, whatever its state."""
    edition = get_object_or_404(Edition, slug=slug)
    return render(
        request,
        "town/town.html",
        {
            "edition": edition,
            "buildings": edition.buildings.all(),
            "preview_api_url": reverse("town:preview_api", kwargs={"slug": slug}),
            "public_version": f"preview-{secrets.token_hex(8)}",
            "fragment_seconds": 0,
        },
    )


@require_GET
@organizer_required
def preview_api(request, slug):
    edition = get_object_or_404(Edition, slug=slug)
    response = JsonResponse(
        services.town_payload(edition=edition), json_dumps_params={"ensure_ascii": False}
    )
    patch_cache_control(response, private=True, no_store=True)
    return response
