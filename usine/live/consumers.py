"""The live room's WebSocket: `ws/live/<room_id>/`, one per browser.

Frames are JSON arrays `[action, id, payload]` (`usine.sockets`, the codec and dispatcher every
socket shares). The consumer parses, checks who is asking and queues the request with the room's
others in this process (`rooms.requests`: written together by `questions.handle_many`, the
events stored broadcast once committed); errors come back as `["error", id, {"code",
"message"}]` and the connection goes on.

Client actions:
    sync              {"last": <last event seq seen, 0 at first>} → the missed events, then ack
    question.ask      {"text": "…"}                    pupils
    question.upvote   {"question_id": n}               pupils
    question.approve  {"question_id": n}               moderators (teacher, organizers)
    question.hide     {"question_id": n}               moderators
    pupil.mute        {"pupil_id": n, "minutes": n?}   moderators (no minutes: until the end)
    pupil.unmute      {"pupil_id": n}                  moderators
    question.report   {"question_id": n}               pupils and the professional
"""

import asyncio
import logging

from channels.layers import get_channel_layer
from django.utils.translation import gettext as _

from usine import sockets
from usine.database_threads import on_database_threads
from usine.fanout import send_message

from . import access, presence, questions, services
from .rooms.attendance import get_attendance
from .rooms.hub import get_hub
from .rooms.requests import room_requests

logger = logging.getLogger(__name__)


class LiveRoomConsumer(sockets.FrameConsumer):
    """A room socket served by the process-local room hub (`rooms.hub`)."""

    name = "live room"
    # An alias CHANNEL_LAYERS does not define: Channels then gives the consumer no channel of
    # its own (get_channel_layer returns None). The hub writes to the socket directly.
    channel_layer_alias = "live-room-hub"

    room_id: int
    member: access.Member | None = None
    socket = None
    present = False
    requests = None  # the room's requests in this process (rooms.requests)

    async def connect(self):
        self.room_id = self.scope["url_route"]["kwargs"]["room_id"]
        found = await on_database_threads(access.load_room_member)(self.scope, self.room_id)
        # Accept before closing: a close before the handshake reaches the client as a bare 403,
        # the close code tells the page the room does not exist for this visitor.
        await self.accept()
        if found is None:
            await self.close(code=sockets.CLOSE_NOT_FOUND)
            return
        _room, member = found
        # A pupil's seat holds a few room sockets (tabs), a browser session a few sockets.
        seat = ("live room", member.pupil_id) if member.pupil_id is not None else None
        if not await self.count_in(seat=seat):
            return
        self.member = member
        self.requests = room_requests(self.room_id)
        try:
            await self.join()
        except Exception:
            logger.exception("live room %s: cannot join", self.room_id)
            self.member = None
            await self.close(code=1011)
            return
        # Seen for the consoles while the socket is open: written with the process's others.
        self.present = True
        get_attendance().arrive(self.room_id, member)
        if member.role == access.PROFESSIONAL:
            self.start(self.heartbeat())
            self.start(self.listen_for_dismissal())

    async def heartbeat(self):
        """A professional who is no longer the room's (a missed dismissal) is let go here at
        the latest."""
        while True:
            await asyncio.sleep(presence.HEARTBEAT_SECONDS)
            if not await self.still_professional():
                await self.dismiss()
                return

    async def still_professional(self) -> bool:
        try:
            return await on_database_threads(access.is_room_professional)(
                room_id=self.room_id, user_id=self.member.user_id
            )
        except Exception:  # a database hiccup: the next beat asks again
            logger.exception("live room %s: professional not checked", self.room_id)
            return True

    async def listen_for_dismissal(self):
        """The professional's sockets hear at once when the room gets another professional
        (services.set_professional). The room's fan-out is the hub's: the channel layer carries
        only this, for one socket per room."""
        layer = get_channel_layer()
        if layer is None:
            return
        group = services.professional_group(self.room_id)
        channel = await layer.new_channel()
        await layer.group_add(group, channel)
        try:
            while True:
                message = await layer.receive(channel)
                if (
                    message.get("type") == services.PROFESSIONAL_DISMISSED
                    and message.get("user_id") == self.member.user_id
                ):
                    await self.dismiss()
                    return
        finally:
            await layer.group_discard(group, channel)

    async def dismiss(self):
        """Tell the replaced professional why the room closes, then close it for good."""
        # Out of the hub first: its queue would let the close overtake this last frame.
        self.leave()
        await self.send(
            text_data=sockets.frame(
                "dismissed",
                None,
                {
                    "message": _(
                        "Un·e autre professionnel·le mène désormais cet échange : la salle se "
                        "ferme pour vous. Merci pour votre disponibilité."
                    )
                },
            )
        )
        await self.close(code=sockets.CLOSE_DISMISSED)

    async def cleanup(self):
        # Whatever ended the socket (see FrameConsumer.clean_up): out of the hub's room.
        self.leave()
        present, self.present = self.present, False
        if not present:
            return
        # Gone for the consoles once the member's last socket in this process closed; a
        # socket in another process marks them seen again at its next beat.
        gone = get_attendance().leave(self.room_id, self.member)
        if gone is not None:
            await gone

    def admitted(self) -> bool:
        return self.member is not None

    # --- Handlers -------------------------------------------------------------------------------

    async def on_sync(self, frame_id, payload):
        last = payload.get("last", 0)
        if isinstance(last, bool) or not isinstance(last, int) or last < 0:
            await self.reply(
                sockets.error(frame_id, "invalid", _("« last » doit être un entier positif."))
            )
            return
        replayed = await self.replay(last)
        await self.reply(sockets.ack(frame_id, {"replayed": replayed}))
        self.go_live()

    async def on_ask(self, frame_id, payload):
        await self.run(frame_id, "ask", text=payload.get("text"))

    async def on_upvote(self, frame_id, payload):
        await self.run(frame_id, "upvote", question_id=payload.get("question_id"))

    async def on_approve(self, frame_id, payload):
        await self.run(frame_id, "approve", question_id=payload.get("question_id"))

    async def on_hide(self, frame_id, payload):
        await self.run(frame_id, "hide", question_id=payload.get("question_id"))

    async def on_mute(self, frame_id, payload):
        await self.run(
            frame_id, "mute", pupil_id=payload.get("pupil_id"), minutes=payload.get("minutes")
        )

    async def on_report(self, frame_id, payload):
        await self.run(frame_id, "report", question_id=payload.get("question_id"))

    async def on_unmute(self, frame_id, payload):
        await self.run(frame_id, "unmute", pupil_id=payload.get("pupil_id"))

    async def run(self, frame_id, action: str, **arguments):
        """Queue the request with the room's others in this process (`questions.ACTIONS`,
        written together and broadcast by `rooms.requests`); answer the client its outcome."""
        try:
            outcome = await self.requests.add((action, self.member, arguments))
        except questions.ModerationError as refused:
            await self.reply(
                sockets.error(frame_id, refused.code, refused.message, **refused.details)
            )
            return
        if outcome.refusal is not None:
            refused = outcome.refusal
            await self.reply(
                sockets.error(frame_id, refused.code, refused.message, **refused.details)
            )
        else:
            await self.reply(sockets.ack(frame_id, outcome.reply))

    handlers = {
        "sync": on_sync,
        "question.ask": on_ask,
        "question.upvote": on_upvote,
        "question.approve": on_approve,
        "question.hide": on_hide,
        "pupil.mute": on_mute,
        "pupil.unmute": on_unmute,
        "question.report": on_report,
    }

    # --- Fan-out (the room hub) -----------------------------------------------------------------

    async def join(self):
        # Channels' session middleware wraps `send` to save the session with the handshake;
        # past it, the wrapper only passes frames on: the hub calls the server's send directly.
        send = getattr(getattr(self.base_send, "__self__", None), "real_send", self.base_send)
        self.socket = await get_hub().join(
            self.room_id, send=send, moderator=self.member.is_moderator
        )

    def leave(self):
        socket, self.socket = self.socket, None
        if socket is not None:
            get_hub().leave(socket)

    async def replay(self, last: int) -> int:
        return await get_hub().replay(self.socket, last)

    def go_live(self):
        self.socket.go_live()

    async def reply(self, frame: str):
        # Through the socket's queue, so that an answer never overtakes an event before it.
        if self.socket is not None:
            self.socket.push(send_message(frame))
        else:
            await self.send(text_data=frame)
