"""Runs the whole middleware chain in one worker thread under ASGI.

Our views are synchronous. Left to itself, Django runs every `MiddlewareMixin` middleware in
async mode under ASGI, and each of their `process_request` / `process_response` hooks then hops
to the sync thread and back: about fifteen thread switches per request, a third of the
server's time when booking opens (measured with py-spy on bench/booking_race.py). A sync-only
middleware at the bottom of `MIDDLEWARE` makes Django adapt the chain once: every middleware
above it runs synchronously in the same thread as the view.
"""


class SyncMiddlewareChain:
    sync_capable = True
    async_capable = False

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)
