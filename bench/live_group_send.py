"""The live fan-out benchmark's baseline server: the stock Channels path for `ws/live/<room_id>/`.

    uvicorn bench.live_group_send:application   (bench/_server.py starts it from the root)

A socket's channel joins its room's channel-layer groups, and each event is one channel-layer
message per socket. It neither orders nor de-duplicates (a sync may repeat a live event) and,
measured on these machines, loses messages under load: the reason the fair uses the room hub.
Every other route is the fair's own.
"""

import logging
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "usine.settings")
# Django must be set up before consumers (and their models) are imported.
django_asgi_app = get_asgi_application()

# 1,000 clients over the class's 40 seats, as in bench/live_fanout_app.py.
from usine import sockets  # noqa: E402

sockets.MAX_SOCKETS_PER_SEAT = sockets.MAX_SOCKETS_PER_SESSION = 10_000

from channels.layers import get_channel_layer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.urls import path  # noqa: E402

from usine.fanout import send_message, spawn  # noqa: E402
from usine.live import questions  # noqa: E402
from usine.live.consumers import RoomSocket  # noqa: E402
from usine.live.rooms.store import stored_events  # noqa: E402
from usine.routing import websocket_urlpatterns  # noqa: E402

logger = logging.getLogger(__name__)


def room_socket_group(room_id: int, audience: str) -> str:
    """Channel-layer group of every socket of an audience of a room."""
    return f"live.room.{room_id}.{audience}"


class GroupSendRoom(RoomSocket):
    """The fair's room socket with the hub's fan-out replaced by Channels groups: a channel of
    its own, read by a task that writes each of its messages to the socket."""

    __slots__ = ("channel",)

    def audience_groups(self):
        audiences = [questions.EVERYONE] + (
            [questions.MODERATORS] if self.member.is_moderator else []
        )
        return [room_socket_group(self.room_id, audience) for audience in audiences]

    async def join(self):
        layer = get_channel_layer()
        self.channel = await layer.new_channel()
        for group in self.audience_groups():
            await layer.group_add(group, self.channel)
        self.start(self.forward())

    async def forward(self):
        layer = get_channel_layer()
        while True:
            message = await layer.receive(self.channel)
            await self.send(send_message(message["frame"]))

    def leave(self):
        if self.member is not None and getattr(self, "channel", None) is not None:
            layer = get_channel_layer()
            for group in self.audience_groups():
                spawn(layer.group_discard(group, self.channel))
            self.channel = None

    async def replay(self, last: int) -> int:
        rows = await stored_events(
            room_id=self.room_id, after=last, upto=None, moderator=self.member.is_moderator
        )
        for _seq, _audience, frame in rows:
            await self.send(send_message(frame))
        return len(rows)

    def go_live(self):
        pass

    async def publish(self, events):
        for event in events:
            await get_channel_layer().group_send(
                room_socket_group(self.room_id, event.audience),
                {"type": "live.frame", "frame": event.frame},
            )

    async def reply(self, frame: str):
        try:
            await self.send(send_message(frame))
        except OSError:  # the ASGI server says the client is gone (uvicorn: ClientDisconnected)
            # The browser left while its request was being handled: the event is stored and
            # it gets it on its next `sync`; there is nobody to answer.
            logger.info("live room %s: reply dropped, the socket is closed", self.room_id)


async def group_send_room(scope, receive, send):
    """`ws/live/<room_id>/` as the fair's (usine.live.consumers.live_room), on GroupSendRoom."""
    if (await receive())["type"] != "websocket.connect":
        return
    room = GroupSendRoom(scope["url_route"]["kwargs"]["room_id"], send)
    try:
        if not await room.open(session_key=sockets.session_key(scope)):
            return
        while (message := await receive())["type"] == "websocket.receive":
            try:
                await room.answer(message.get("text"))
            except OSError:
                continue
    finally:
        await room.clean_up()


# The first matching route wins: this one shadows the fair's own `ws/live/<room_id>/`.
application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            URLRouter([path("ws/live/<int:room_id>/", group_send_room), *websocket_urlpatterns])
        ),
    }
)
