"""WebSocket routes of every app, in one list for the ASGI router.

Video transcoding progress is polled over HTTP rather than pushed: the task runs in the worker
process, which the in-process channel layer cannot reach.
"""

from django.urls import path

from usine.forum.consumers import ForumTalkConsumer
from usine.live.consumers import LiveRoomConsumer
from usine.schools.consumers import ConsoleConsumer, PupilSessionConsumer

websocket_urlpatterns: list = [
    path("ws/live/<int:room_id>/", LiveRoomConsumer.as_asgi()),
    path("ws/classe/<int:booking_id>/", PupilSessionConsumer.as_asgi()),
    path("ws/classe/<int:booking_id>/console/", ConsoleConsumer.as_asgi()),
    path("ws/forum/<int:talk_id>/", ForumTalkConsumer.as_asgi()),
]
