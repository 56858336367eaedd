"""The Forum's public pages: the programme, a talk, their calendars, "live now" for the town."""

import datetime

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from usine.front_cache import front_cached
from usine.town import services as town

from . import calendar, queries


def _shown_edition():
    fragments = town.public_fragments()
    return town.shown_edition(version=fragments["public_version"]), fragments


def _calendar_response(body: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@front_cached
def programme(request):
    edition, fragments = _shown_edition()
    days = queries.programme_by_day(edition=edition) if edition else []
    forum = town.forum_now(edition=edition, version=fragments["public_version"])
    return render(
        request,
        "forum/programme.html",
        {"edition": edition, "days": days, "forum": forum, **fragments},
    )


@require_GET
@front_cached
def on_air(request):
    """What is live and next, as a piece of the town's panel (refreshed there every few
    seconds)."""
    edition, fragments = _shown_edition()
    forum = town.forum_now(edition=edition, version=fragments["public_version"])
    return render(request, "forum/_on_air.html", {"forum": forum})


def _talk_or_404(slug):
    edition, fragments = _shown_edition()
    if edition is None:
        raise Http404(_("Cette intervention n'existe pas."))
    talk = queries.programme(edition=edition).filter(slug=slug).first()
    if talk is None:
        raise Http404(_("Cette intervention n'existe pas."))
    return edition, talk, fragments


@require_GET
@front_cached
def talk(request, slug):
    edition, talk, fragments = _talk_or_404(slug)
    return render(
        request,
        "forum/talk.html",
        {
            "edition": edition,
            "talk": talk,
            "speaker_links": talk.speaker_links.all(),
            **fragments,
        },
    )


@require_GET
@front_cached
def talk_calendar(request, slug):
    _edition, talk, _fragments = _talk_or_404(slug)
    return _calendar_response(calendar.talks_calendar([talk]), filename=f"forum-{talk.slug}.ics")


@require_GET
@front_cached
def day_calendar(request, day):
    edition, _fragments = _shown_edition()
    try:
        date = datetime.date.fromisoformat(day)
    except ValueError:
        raise Http404(_("Cette journée n'est pas au programme.")) from None
    talks = list(queries.talks_of_day(edition=edition, day=date)) if edition else []
    if not talks:
        raise Http404(_("Cette journée n'est pas au programme."))
    return _calendar_response(
        calendar.talks_calendar(talks), filename=f"forum-{date.isoformat()}.ics"
    )
