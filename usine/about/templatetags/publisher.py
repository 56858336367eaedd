from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def filled(value, setting_name):
    """The value, or where the organizer sets it when the deployment has not yet."""
    if value:
        return value
    return format_html(
        '<span class="unset">{}</span>',
        _("non renseigné (réglage %(setting)s)") % {"setting": setting_name},
    )
