from django import template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html

from .. import figures

register = template.Library()


@register.simple_tag
def count_visit(kind="page", page="", building=""):
    """The counter of a page's visit (anonymous: see the privacy page): a deferred script,
    the same for every visitor, so front-cached pages keep it."""
    return format_html(
        '<script src="{}" defer data-url="{}" data-kind="{}" data-page="{}" data-building="{}">'
        "</script>",
        static("insights/count.js"),
        reverse("insights:count"),
        kind,
        page,
        building,
    )


@register.inclusion_tag("insights/_women.html")
def women_in(building):
    """How many of a building's testimonials and professionals are women."""
    return {"women": figures.women_of(building)}
