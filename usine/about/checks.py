from django.conf import settings
from django.core.checks import Tags, Warning, register

from .publisher import REQUIRED_SETTINGS


@register(Tags.security, deploy=True)
def publisher_is_named(app_configs, **kwargs):
    """A public site in France must name its publisher and host (LCEN, article 6 III)."""
    missing = [name for name in REQUIRED_SETTINGS if not getattr(settings, name)]
    if not missing:
        return []
    return [
        Warning(
            "The legal notice does not name the fair's publisher and host.",
            hint="Set " + ", ".join(missing) + " in the environment (see README).",
            id="usine.W001",
        )
    ]
