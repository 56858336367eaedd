import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "usine.settings")
# Django must be set up before consumers (and their models) are imported.
django_asgi_app = get_asgi_application()

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
