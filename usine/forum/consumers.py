"""A Forum talk's WebSocket: `ws/forum/<talk_id>/`, one per viewer's page.

Frames are `usine.sockets`' (`[action, id, payload]`). Everyone may connect, a visitor without
an account too: they read. The server pushes
    ["questions", v, {"questions": […], "recent": [ids], "approved": n}]   about once a second
                                when it changed (`questions.snapshot`), version v; or what
                                changed since v - 1: {"base", "changed", "removed", …}
                                (`snapshots`)
    ["queue", null, {"pending": […], "approved": […], "pending_count": n}]   to organizers
    ["caption", null, {"id", "text", "start", "end"}]   each live caption, within a second
    ["me", null, {"role", "questions": […], "upvoted": [ids]}]   on connecting: the asker's own

Client actions:
    question.ask      {"text": "…"}            signed-in adults and pupils
    question.upvote   {"question_id": n}       signed-in adults and pupils
    question.approve  {"question_id": n}       organizers (hide, pin, unpin, answer alike)
    question.mute     {"question_id": n, "minutes": m or null}   organizers: the asker may no
                                               longer ask (unmute: {"question_id": n})
    caption.add       {"text": "…"}            organizers, while the talk is live
"""

import logging

from channels.db import database_sync_to_async

from usine import sockets
from usine.database_threads import on_database_threads

from . import captions, questions
from .audience import Attendee, scope_attendee
from .models import Talk
from .rooms import get_rooms

logger = logging.getLogger(__name__)


def _load(scope, talk_id: int) -> tuple[Attendee, dict] | None:
    if not Talk.objects.filter(pk=talk_id).exists():
        return None
    attendee = scope_attendee(scope)
    return attendee, questions.mine(talk_id=talk_id, attendee=attendee)


class ForumTalkConsumer(sockets.FrameConsumer):
    name = "forum talk"
    # No channel of its own (an alias CHANNEL_LAYERS does not define): `rooms` writes to the
    # socket directly.
    channel_layer_alias = "forum-talk-rooms"

    talk_id: int
    attendee: Attendee | None = None
    viewer = None

    async def connect(self):
        self.talk_id = self.scope["url_route"]["kwargs"]["talk_id"]
        found = await on_database_threads(_load)(self.scope, self.talk_id)
        await self.accept()
        if found is None:
            await self.close(code=sockets.CLOSE_NOT_FOUND)
            return
        attendee, mine = found
        seat = ("forum talk", attendee.pupil_id) if attendee.pupil_id is not None else None
        if not await self.count_in(seat=seat):
            return
        self.attendee = attendee
        # Past the handshake, Channels' session middleware only passes frames on.
        send = getattr(getattr(self.base_send, "__self__", None), "real_send", self.base_send)
        try:
            self.viewer = await get_rooms().join(
                self.talk_id, send=send, organizer=attendee.is_organizer
            )
        except Exception:
            logger.exception("forum talk %s: cannot join", self.talk_id)
            self.attendee = None
            await self.close(code=1011)
            return
        await self.reply(sockets.frame("me", None, {"role": attendee.role, **mine}))

    async def cleanup(self):
        viewer, self.viewer = self.viewer, None
        if viewer is not None:
            get_rooms().leave(viewer)

    def admitted(self) -> bool:
        return self.attendee is not None

    async def reply(self, frame: str):
        # Through the socket's queue, so that an answer never overtakes a frame before it.
        if self.viewer is not None:
            self.viewer.offer({"type": "websocket.send", "text": frame})
        else:
            await self.send(text_data=frame)

    async def run(self, frame_id, service, **arguments):
        await self.settle(
            frame_id,
            # Off Channels' one database thread: at 20 questions a second from many sockets
            # each would wait behind all the others (each call has its own connection; the
            # services hold their own transactions).
            database_sync_to_async(service, thread_sensitive=False)(
                talk_id=self.talk_id, attendee=self.attendee, **arguments
            ),
        )
        # This process's organizers see the change at once; the others at their next reading.
        get_rooms().poke(self.talk_id)

    async def settle(self, frame_id, pending) -> None:
        """Answer the frame with what `pending` gives, or with the error refusing it."""
        try:
            result = await pending
        except (questions.QuestionError, captions.CaptionError) as refused:
            await self.reply(
                sockets.error(frame_id, refused.code, refused.message, **refused.details)
            )
            return
        await self.reply(sockets.ack(frame_id, result))

    async def on_ask(self, frame_id, payload):
        await self.run(frame_id, questions.ask, text=payload.get("text"))

    async def on_upvote(self, frame_id, payload):
        # Written with the other votes of the moment; the audience sees the count at the next
        # snapshot. The socket's next frames are read meanwhile.
        vote = self.viewer.room.upvote(self.attendee, payload.get("question_id"))
        await self.answer_later(frame_id, "question.upvote", self.settle(frame_id, vote))

    async def decide(self, frame_id, decision: str, **arguments):
        """An organizer's decision, written in order with the others of the moment; the
        organizer's next frames are read meanwhile (twenty approvals a second are not twenty
        writes one after the other)."""
        pending = self.viewer.room.decide(decision, self.attendee, **arguments)
        await self.answer_later(frame_id, f"question.{decision}", self.settle(frame_id, pending))

    async def on_approve(self, frame_id, payload):
        await self.decide(frame_id, "approve", question_id=payload.get("question_id"))

    async def on_hide(self, frame_id, payload):
        await self.decide(frame_id, "hide", question_id=payload.get("question_id"))

    async def on_pin(self, frame_id, payload):
        await self.decide(frame_id, "pin", question_id=payload.get("question_id"))

    async def on_unpin(self, frame_id, payload):
        await self.decide(frame_id, "unpin", question_id=payload.get("question_id"))

    async def on_answer(self, frame_id, payload):
        await self.decide(frame_id, "answer", question_id=payload.get("question_id"))

    async def on_mute(self, frame_id, payload):
        await self.decide(
            frame_id,
            "mute",
            question_id=payload.get("question_id"),
            minutes=payload.get("minutes"),
        )

    async def on_unmute(self, frame_id, payload):
        await self.decide(frame_id, "unmute", question_id=payload.get("question_id"))

    async def on_caption(self, frame_id, payload):
        await self.run(frame_id, captions.add_live, text=payload.get("text"))

    handlers = {
        "question.ask": on_ask,
        "question.upvote": on_upvote,
        "question.approve": on_approve,
        "question.hide": on_hide,
        "question.pin": on_pin,
        "question.unpin": on_unpin,
        "question.answer": on_answer,
        "question.mute": on_mute,
        "question.unmute": on_unmute,
        "caption.add": on_caption,
    }
