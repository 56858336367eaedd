"""Checks of a deployment's settings (`manage.py check --deploy`)."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

PLACEHOLDER = "CHANGEME"  # what render_deploy writes without REDIS_PASSWORD


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@register(Tags.security, deploy=True)
def redis_has_a_password(app_configs, **kwargs):
    """A Redis other hosts reach holds the cached sessions and the live rooms' messages: it
    must require a password, and not the placeholder render_deploy writes."""
    url = urlsplit(settings.REDIS_URL)
    if url.scheme not in ("redis", "rediss") or _loopback(url.hostname or "localhost"):
        return []  # none, a Unix socket, or this host's loopback
    if url.password and url.password != PLACEHOLDER:
        return []
    return [
        Warning(
            "REDIS_URL names a Redis on the network without its password.",
            hint="Give Redis a password (requirepass) and put it in REDIS_URL: "
            "redis://:password@host:6379/0 (render_deploy writes both from REDIS_PASSWORD).",
            id="usine.W002",
        )
    ]
