import contextvars
import gc
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "usine.settings")


def _application():
    # Django must be set up before consumers (and their models) are imported; as
    # django.core.asgi.get_asgi_application, with threads kept from one request to the next.
    django.setup(set_prefix=False)

    from channels.routing import ProtocolTypeRouter

    from usine.insights.asgi import CounterRoute
    from usine.request_threads import PooledThreadsHandler
    from usine.routing import websocket_urlpatterns
    from usine.sockets import SameOriginValidator, SocketRouter

    return ProtocolTypeRouter(
        {
            # The visit counter's anonymous reports skip the middleware chain
            # (usine/insights/asgi.py).
            "http": CounterRoute(PooledThreadsHandler()),
            # Sockets open from the fair's own pages only: the Origin's scheme, host and port are
            # those the socket was opened on (usine.sockets.same_origin), the host in
            # ALLOWED_HOSTS.
            "websocket": SameOriginValidator(SocketRouter(websocket_urlpatterns)),
        }
    )


# Set up in a context of its own. What setting up stores in asgiref Locals (the URL resolvers'
# state, 47 of them, when the counter's route reverses its path) would otherwise stay in the
# context the server starts from, which every request and socket copies: asgiref re-homes and
# sets each of a context's Locals on every hop between the loop and a thread — a dozen hops a
# request, ≈ 16 % of a request thread's time at the design point (py-spy), for Locals no
# request reads.
application = contextvars.Context().run(_application)

# What is loaded by now (Django, the apps, their models, the consumers: ≈ 135,000 objects) lives
# as long as the worker: out of the garbage collector's reach, a full collection no longer walks
# it. Each full collection stops every thread of the worker (the pages in flight, the sockets):
# at a third of the design point's load (bench/design_point.py) a worker ran one every 10-25 s,
# of 100-180 ms of CPU with the loaded code, 20-80 ms without.
gc.freeze()
