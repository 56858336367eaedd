"""`{% constant "name" value… %}…{% endconstant %}`: a part of a template drawn once per process.

For what depends only on the code, the language and the values given (the footer, the header's
links for a pupil or an anonymous visitor, the session bar's fixed messages): every page drew
those dozens of translations and URLs again, a third of a pupil's page. The part is kept in the
process's memory under its name, the active language, the URLs' prefix and module and the
values; a new release restarts the processes. Never for what the database says: that goes through
`{% cache … public_version %}` (usine/town/services.py), which a change renews.
"""

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

# Enough for every (name, language, values) the templates ask for; past it the memory starts over
# (a made-up value must not grow it without bound).
LIMIT = 4096
_drawn: dict[tuple, str] = {}


class ConstantNode(template.Node):
    def __init__(self, nodelist, name: str, values):
        self.nodelist, self.name, self.values = nodelist, name, values

    def render(self, context):
        key = (
            self.name,
            get_language(),
            get_script_prefix(),
            get_urlconf() or settings.ROOT_URLCONF,  # tests and some requests change them
            *(str(value.resolve(context)) for value in self.values),
        )
        drawn = _drawn.get(key)
        if drawn is None:
            drawn = self.nodelist.render(context)
            if len(_drawn) >= LIMIT:
                _drawn.clear()
            _drawn[key] = drawn
        return mark_safe(drawn)


@register.tag
def constant(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% constant %} needs a name")
    nodelist = parser.parse(("endconstant",))
    parser.delete_first_token()
    return ConstantNode(
        nodelist, bits[1].strip("\"'"), [parser.compile_filter(bit) for bit in bits[2:]]
    )
