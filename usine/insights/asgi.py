"""The counter's reports served before Django's middleware.

Every page of the fair sends one report (`count.js`), most of them from visitors without a
session whose pages came from the front cache: through the whole middleware chain (sessions,
authentication, CSRF, messages, CSP, axes…) a report cost the server a good part of what the
page itself cost (bench/insights.py). A report without a session cookie needs none of it: it
goes straight to the counter's view, behind the two middlewares whose work it does need (the
security headers and redirect, the visitor's language for error messages). A report with a
session (a pupil, a signed-in account) needs the session to say who the visitor is: it takes
Django's usual way, unchanged.
"""

import io

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.handlers.exception import convert_exception_to_response
from django.db import close_old_connections
from django.middleware.locale import LocaleMiddleware
from django.middleware.security import SecurityMiddleware
from django.urls import reverse

from .counting import MAX_REPORT_BYTES
from .views import count


def _serve(request):
    try:
        return _chain(request)
    finally:
        # What Django's request_started / request_finished signals do for its own requests:
        # a connection opened for this report (a testimonial's lookup) is not left behind.
        close_old_connections()


_chain = convert_exception_to_response(SecurityMiddleware(LocaleMiddleware(count)))


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
