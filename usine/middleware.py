"""Runs the whole middleware chain in one worker thread under ASGI.

Our views are synchronous. Left to itself, Django runs every `MiddlewareMixin` middleware in
async mode under ASGI, and each of their `process_request` / `process_response` hooks then hops
to the sync thread and back: about fifteen thread switches per request, a third of the
server's time when booking opens (measured with py-spy on bench/booking_race.py). A sync-only
middleware at the bottom of `MIDDLEWARE` makes Django adapt the chain once: every middleware
above it runs synchronously in the same thread as the view.
"""

from django.conf import settings
from django.utils.cache import patch_cache_control


class SyncMiddlewareChain:
    sync_capable = True
    async_capable = False

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)


class PrivateForSessions:
    """Marks `private` every answer to a request with a session (signed-in accounts, pupils)
    unless the view declared it public: no shared cache (the production form's nginx, a school's
    proxy) may then keep one person's page and give it to another."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        has_session = session is not None and (
            settings.SESSION_COOKIE_NAME in request.COOKIES or not session.is_empty()
        )
        if has_session and "public" not in response.get("Cache-Control", ""):
            patch_cache_control(response, private=True)
        return response
