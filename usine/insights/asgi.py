"""The counter's reports served before Django's middleware.

Every page of the fair sends one report (`count.js`), most of them from visitors without a
session whose pages came from the front cache: through the whole middleware chain (sessions,
authentication, CSRF, messages, CSP, axes…) a report cost the server a good part of what the
page itself cost (bench/insights.py). A report without a session cookie needs none of it: it
goes straight to the counter's view, behind the two middlewares whose work it does need (the
security headers and redirect, the visitor's language for error messages). A report with a
session (a pupil, a signed-in account) needs the session to say who the visitor is: it takes
Django's usual way, unchanged.

Most reports (a page or a building seen) need no query once the process knows the open edition,
its buildings and the day's salt: those are counted right in the event loop (`counting.
count_known`) and answered with the headers the usual way gives, without a thread (handing each
report to one cost more than the report itself, and it took the pages' thread away from them:
bench/insights.py). Anything else, errors included, goes the usual way on a thread.
"""

import functools
import io
import json
import types

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.exception import convert_exception_to_response
from django.db import close_old_connections
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.middleware.security import SecurityMiddleware
from django.urls import reverse
from django.utils.cache import patch_cache_control

from .counting import MAX_REPORT_BYTES, count_known
from .views import count


def _serve(request):
    try:
        return _chain(request)
    finally:
        # What Django's request_started / request_finished signals do for its own requests:
        # a connection opened for this report (a testimonial's lookup) is not left behind.
        close_old_connections()


_chain = convert_exception_to_response(SecurityMiddleware(LocaleMiddleware(count)))
_security = SecurityMiddleware(count)


def _counted_quickly(request) -> bool:
    """The report counted in the event loop (see above); False, nothing counted, when it must go
    the usual way: a redirect to HTTPS, a host not served, another site, anything but JSON."""
    if _security.process_request(request) is not None:
        return False
    try:
        host = request.get_host()
    except DisallowedHost:
        return False
    origin = request.META.get("HTTP_ORIGIN")
    if origin is not None and origin.split("://", 1)[-1] != host:
        return False
    if request.content_type != "application/json" or len(request.body) > MAX_REPORT_BYTES:
        return False
    try:
        data = json.loads(request.body, parse_constant=_refuse)
    except (ValueError, RecursionError):
        return False
    return isinstance(data, dict) and count_known(request=request, data=data)


def _refuse(name):
    raise ValueError(name)


@functools.cache
def _counted_headers(secure: bool) -> list[tuple[bytes, bytes]]:
    """The headers of the usual way's answer to a counted report (no-store, the security
    middleware's), drawn once by the same code."""
    response = HttpResponse(status=204)
    patch_cache_control(response, no_store=True)
    response = _security.process_response(types.SimpleNamespace(is_secure=lambda: secure), response)
    return [(name.encode("ascii"), value.encode("latin1")) for name, value in response.items()]


class CounterRoute:
    """ASGI app: `POST /api/compte` without a session cookie to the counter's view, anything
    else to `app` (Django)."""

    def __init__(self, app):
        self.app = app
        self.path = reverse("insights:count")
        self.cookie = settings.SESSION_COOKIE_NAME.encode() + b"="

    async def __call__(self, scope, receive, send):
        if not self._ours(scope):
            return await self.app(scope, receive, send)
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            # Past the report's limit the view answers 413 from what it has.
            if len(body) > MAX_REPORT_BYTES or not message.get("more_body", False):
                break
        request, response = self.app.create_request(scope, io.BytesIO(bytes(body)))
        if request is not None and _counted_quickly(request):
            headers = _counted_headers(request.is_secure())
            await send({"type": "http.response.start", "status": 204, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        if request is not None:
            response = await sync_to_async(_serve, thread_sensitive=False)(request)
        await self.app.send_response(response, send)

    def _ours(self, scope) -> bool:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != self.path:
            return False
        for name, value in scope["headers"]:
            if name == b"cookie" and self.cookie in value:
                return False
        return True
