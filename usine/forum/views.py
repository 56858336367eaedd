from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from usine.front_cache import front_cached
from usine.town import services as town

from . import queries


def _shown_edition():
    fragments = town.public_fragments()
    return town.shown_edition(version=fragments["public_version"]), fragments


@require_GET
@front_cached
def programme(request):
    edition, fragments = _shown_edition()
    days = queries.programme_by_day(edition=edition) if edition else []
    return render(request, "forum/programme.html", {"edition": edition, "days": days, **fragments})


@require_GET
@front_cached
def talk(request, slug):
    edition, fragments = _shown_edition()
    if edition is None:
        raise Http404(slug)
    talk = get_object_or_404(queries.programme(edition=edition), slug=slug)
    return render(
        request,
        "forum/talk.html",
        {"edition": edition, "talk": talk, "speaker_links": talk.speaker_links.all(), **fragments},
    )
