"""WebSocket routes of every app, in one list for the ASGI router.

The Channels consumers get the browser's session and user from Channels' middleware; the
pupil's session bar, one socket per pupil all session long, and the live room's socket are plain
ASGI apps that read the session once (usine/schools/session_bars.py and usine/live/consumers.py
say why).

Video transcoding progress is polled over HTTP rather than pushed: the task runs in the worker
process, which the in-process channel layer cannot reach.
"""

from channels.auth import CookieMiddleware
from channels.sessions import SessionMiddleware
from django.urls import path

from usine.forum.consumers import ForumTalkConsumer
from usine.live.consumers import live_room
from usine.schools.consumers import ConsoleConsumer, session_bar
from usine.sockets import UserMiddleware


def with_session(consumer):
    """A consumer with the session and the user in its scope (Channels' AuthMiddlewareStack,
    its query let go once run: usine.sockets.UserMiddleware)."""
    return CookieMiddleware(SessionMiddleware(UserMiddleware(consumer.as_asgi())))


websocket_urlpatterns: list = [
    path("ws/live/<int:room_id>/", live_room),
    path("ws/classe/<int:booking_id>/", session_bar),
    path("ws/classe/<int:booking_id>/console/", with_session(ConsoleConsumer)),
    path("ws/forum/<int:talk_id>/", with_session(ForumTalkConsumer)),
]
