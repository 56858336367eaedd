import functools

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from usine.schools import join

from .. import counting, figures, survey

register = template.Library()


@register.simple_tag(takes_context=True)
def count_visit(context, kind="page", page="", building=None):
    """The counter of a page's visit (anonymous: see the privacy page): a deferred script. For
    visitors without a session it is the same for every visitor, so front-cached pages keep it,
    and it reports the visit; a visitor's page with a session counted itself (`count_page`).
    Nothing when the host counts nothing."""
    if not settings.INSIGHTS_COUNTING:
        return ""
    counted = counting.count_page(
        request=context.get("request"),
        page="building" if kind == "building" else page,
        building=building if kind == "building" else None,
    )
    return _script(kind, page, building.slug if building is not None else "", counted)


# The same few scripts on every page (a kind, a page or building, counted or not): drawn once per
# process, not for each page (the pages of a session count themselves as they are drawn).
@functools.lru_cache(maxsize=2048)
def _script(kind: str, page: str, building: str, counted: bool) -> str:
    return format_html(
        '<script src="{}" defer data-url="{}" data-kind="{}" data-page="{}" data-building="{}"{}>'
        "</script>",
        static("insights/count.js"),
        reverse("insights:count"),
        kind,
        page,
        building,
        mark_safe(" data-counted") if counted else "",
    )


@register.inclusion_tag("insights/_women.html")
def women_in(building):
    """How many of a building's testimonials and professionals are women."""
    return {"women": figures.women_of(building)}


@register.inclusion_tag("insights/_survey_after.html", takes_context=True)
def survey_after(context):
    """The live room's way to the last two questions, while this pupil has not gone through
    them; the room goes there by itself when the exchange ends."""
    request = context["request"]
    claim = join.request_claim(request)
    due = (
        claim is not None
        and survey.open_moment(claim=claim) == survey.AFTER
        and not survey.taken(pupil=claim.pupil, moment=survey.AFTER, session=request.session)
    )
    return {"due": due}
