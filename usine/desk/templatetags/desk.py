from django import template

from .. import services

register = template.Library()


@register.inclusion_tag("desk/_faq.html")
def desk_faq(building):
    """The building's public FAQ (on its page, inside the part every visitor sees alike)."""
    return {"faq": list(services.faq(building=building))}
