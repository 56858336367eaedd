"""The fair's public address, for what is made outside a request and read elsewhere: links in
e-mails, calendar invitations and background tasks (settings.SITE_URL)."""

from django.conf import settings


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path
