import gc
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "usine.settings")
# Django must be set up before consumers (and their models) are imported; as
# django.core.asgi.get_asgi_application, with threads kept from one request to the next.
django.setup(set_prefix=False)

from usine.request_threads import PooledThreadsHandler  # noqa: E402

django_asgi_app = PooledThreadsHandler()

from channels.routing import ProtocolTypeRouter  # noqa: E402

from usine.insights.asgi import CounterRoute  # noqa: E402
from usine.routing import websocket_urlpatterns  # noqa: E402
from usine.sockets import SameOriginValidator, SocketRouter  # noqa: E402

application = ProtocolTypeRouter(
    {
        # The visit counter's anonymous reports skip the middleware chain (usine/insights/asgi.py).
        "http": CounterRoute(django_asgi_app),
        # Sockets open from the fair's own pages only: the Origin's scheme, host and port are
        # those the socket was opened on (usine.sockets.same_origin), the host in ALLOWED_HOSTS.
        "websocket": SameOriginValidator(SocketRouter(websocket_urlpatterns)),
    }
)

# What is loaded by now (Django, the apps, their models, the consumers: ≈ 135,000 objects) lives
# as long as the worker: out of the garbage collector's reach, a full collection no longer walks
# it. Each full collection stops every thread of the worker (the pages in flight, the sockets):
# at a third of the design point's load (bench/design_point.py) a worker ran one every 10-25 s,
# of 100-180 ms of CPU with the loaded code, 20-80 ms without.
gc.freeze()
