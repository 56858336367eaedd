"""The live room's WebSocket: `ws/live/<room_id>/`, one per browser.

Frames are JSON arrays `[action, id, payload]` (`usine.sockets`, the codec and dispatcher every
socket shares). The socket parses, checks who is asking and queues the request with the room's
others in this process (`rooms.requests`: written together by `questions.handle_many`, the
events stored broadcast once committed); errors come back as `["error", id, {"code",
"message"}]` and the connection goes on.

A plain ASGI app (`live_room`), not a Channels consumer, as the pupils' session bars: a host holds
1,500 pupils' and 50 moderators' room sockets at the design point, and a consumer kept for each
what the room never reads past the handshake (Channels' session and user middleware, their
copies of the scope, the lazy session and user, the consumer's dispatch tasks): ≈ 9 KB of a
worker's memory a socket, measured with tracemalloc. Here a socket is a `RoomSocket` (who it is,
its place in the room hub) and the app's own coroutine; the session is read once, on the
sockets' database threads, with the room.

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
import contextlib
import logging

from channels.layers import get_channel_layer
from django.utils.translation import gettext as _

from usine import sockets
from usine.database_threads import on_database_threads
from usine.fanout import close_message, send_message
from usine.unavailable import unavailable_service

from . import access, presence, questions, services
from .rooms.attendance import get_attendance
from .rooms.hub import get_hub
from .rooms.requests import room_requests

logger = logging.getLogger(__name__)

SEAT_KIND = "live room"  # a pupil's seat holds a few of these sockets (sockets.take_socket)


async def live_room(scope, receive, send):
    """`ws/live/<room_id>/`: one room socket, from handshake to close."""
    if (await receive())["type"] != "websocket.connect":
        return
    room = RoomSocket(scope["url_route"]["kwargs"]["room_id"], send)
    try:
        if not await room.open(session_key=sockets.session_key(scope)):
            return
        while (message := await receive())["type"] == "websocket.receive":
            try:
                await room.answer(message.get("text"))
            except OSError:  # the client is gone: its disconnect comes next
                continue
    finally:
        # Whatever ended the socket (the client, a bug, the server cancelling it).
        await room.clean_up()


class RoomSocket:
    """One socket of a live room in this process: who holds it, its place in the room hub
    (`rooms.hub`), the background work of a professional's socket."""

    __slots__ = ("counted", "member", "present", "requests", "room_id", "send", "socket", "tasks")

    def __init__(self, room_id: int, send):
        self.room_id = room_id
        self.send = send  # the ASGI server's: the hub writes frames to the socket through it
        self.member: access.Member | None = None  # None: turned away, its frames unread
        self.socket = None  # in the hub's room
        self.present = False
        self.requests = None  # the room's requests in this process (rooms.requests)
        self.counted: tuple = ()
        self.tasks: list[asyncio.Task] | None = None

    async def open(self, *, session_key: str | None) -> bool:
        """Accept the socket and enter the room; False when it was turned away (closed)."""
        try:
            member = await on_database_threads(access.socket_member)(
                session_key=session_key, room_id=self.room_id
            )
        except Exception as failed:
            if not unavailable_service(failed):
                raise
            # Not a 500 at the handshake: the page reconnects, backing off, until it is back.
            logger.warning("live room %s: cannot open (%s)", self.room_id, failed)
            await self.send({"type": "websocket.accept"})
            await self.send(close_message(sockets.CLOSE_TRY_AGAIN))
            return False
        # Accept before closing: a close before the handshake reaches the client as a bare 403,
        # the close code tells the page the room does not exist for this visitor.
        await self.send({"type": "websocket.accept"})
        if member is None:
            await self.send(close_message(sockets.CLOSE_NOT_FOUND))
            return False
        # A pupil's seat holds a few room sockets (tabs), a browser session a few sockets.
        seat = (SEAT_KIND, member.pupil_id) if member.pupil_id is not None else None
        counted = sockets.take_socket(session_key=session_key, seat=seat)
        if counted is None:
            logger.info("live room %s: too many sockets", self.room_id)
            await self.send(close_message(sockets.CLOSE_TOO_MANY))
            return False
        self.counted = counted
        self.member = member
        self.requests = room_requests(self.room_id)
        try:
            await self.join()
        except Exception:
            logger.exception("live room %s: cannot join", self.room_id)
            self.member = None
            await self.send(close_message(1011))
            return False
        # Seen for the consoles while the socket is open: written with the process's others.
        self.present = True
        get_attendance().arrive(self.room_id, member)
        if member.role == access.PROFESSIONAL:
            self.start(self.heartbeat())
            self.start(self.listen_for_dismissal())
        return True

    async def answer(self, text) -> None:
        """A client frame, answered (turned away: not read)."""
        if self.member is None:
            return
        await sockets.answer(
            text, handlers=self.handlers, owner=self, reply=self.reply, where=self.where()
        )

    def where(self) -> str:
        """The socket, in the log."""
        return f"live room {self.room_id}"

    # --- A professional's socket ----------------------------------------------------------------

    def start(self, coroutine) -> None:
        """Background work for the socket's life: cancelled when it ends."""
        task = asyncio.ensure_future(coroutine)
        if self.tasks is None:
            self.tasks = []
        self.tasks.append(task)
        task.add_done_callback(self._forget)

    def _forget(self, task: asyncio.Task) -> None:
        with contextlib.suppress(ValueError, AttributeError):
            self.tasks.remove(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error("%s: a background task failed", self.where(), exc_info=task.exception())

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
            send_message(
                sockets.frame(
                    "dismissed",
                    None,
                    {
                        "message": _(
                            "Un·e autre professionnel·le mène désormais cet échange : la salle "
                            "se ferme pour vous. Merci pour votre disponibilité."
                        )
                    },
                )
            )
        )
        await self.send(close_message(sockets.CLOSE_DISMISSED))

    # --- The end --------------------------------------------------------------------------------

    async def clean_up(self) -> None:
        """Whatever ended the socket: its tasks cancelled, its counts given back, out of the
        hub's room, and gone for the consoles once the member's last socket here closed."""
        sockets.socket_counts().give_back(self.counted)
        self.counted = ()
        tasks, self.tasks = self.tasks or [], None
        try:
            # Tasks first: a heartbeat must not mark the member seen after they left.
            await sockets.cancel_tasks(tasks)
        finally:
            self.leave()
            present, self.present = self.present, False
            if present:
                # A socket in another process marks the member seen again at its next beat.
                gone = get_attendance().leave(self.room_id, self.member)
                if gone is not None:
                    await gone

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
        self.socket = await get_hub().join(
            self.room_id, send=self.send, moderator=self.member.is_moderator
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
            await self.send(send_message(frame))
