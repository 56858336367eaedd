"""The class session's sockets. Frames are JSON arrays `[action, id, payload]` (`usine.sockets`,
the codec and dispatcher every socket shares).

`ws/classe/<booking_id>/` — a pupil's session bar (the pupil from the session, holding its seat):
    server → ["clock", null, {now, starts_at, explore_ends_at, ends_at, phase, live_url}]
             ["move", null, {url, reason: "live" | "gather"}]   go there now
             ["released", null, {url}]                           the teacher freed the pseudonym
             ["ack", id, {…}] / ["error", id, {code, message}]
    client → ["here", id, {"building": slug or ""}]             where the pupil is
             ["ping", id, {}]                                    → ["pong", id, {now}]

  Minute 60: each socket schedules its own "move" from the slot's start and the server clock
  (asyncio), so it needs no broadcast across processes and survives reloads and restarts.

`ws/classe/<booking_id>/console/` — the teacher's console:
    server → ["presence", null, {now, pupils: [...]}] every CONSOLE_REFRESH_SECONDS
    client → ["gather", id, {}], ["free", id, {"pupil_id": n}]
"""

import asyncio
import logging

from channels.db import database_sync_to_async
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from usine import sockets
from usine.inputs import parse_id

from . import console, join, passport, session_clock
from .errors import SchoolsError
from .models import Booking

logger = logging.getLogger(__name__)

CONSOLE_REFRESH_SECONDS = 2.0
CONSOLE_KIND = "console"  # counted per class session, to know when its last console closes
SEAT_KIND = "session bar"  # the pupil's seat holds a few of these sockets (sockets.count_in)


class _ClassSocket(sockets.FrameConsumer):
    booking_id: int


def _pupil_session(session, booking_id):
    """(pupil, booking, the way into the live exchange) for this session's pupil, or None."""
    claim = join.claim_of(session)
    if claim is None:
        return None
    booking = (
        Booking.objects.select_related("slot")
        .filter(pk=booking_id, school_class_id=claim.pupil.school_class_id)
        .first()
    )
    if booking is None:
        return None
    live_url = reverse("live:class_exchange")
    return claim.pupil, booking, live_url


class PupilSessionConsumer(_ClassSocket):
    name = "session bar"
    pupil = None

    grouped = False

    async def connect(self):
        self.booking_id = self.scope["url_route"]["kwargs"]["booking_id"]
        found = await database_sync_to_async(_pupil_session)(
            self.scope.get("session"), self.booking_id
        )
        # Accept before closing: the close code tells the page why (a bare 403 would not).
        await self.accept()
        if found is None:
            await self.close(code=sockets.CLOSE_NOT_FOUND)
            return
        pupil, booking, self.live_url = found
        if not await self.count_in(seat=(SEAT_KIND, pupil.pk)):
            return
        self.pupil = pupil
        clock = session_clock.clock_for(slot=booking.slot)
        if self.channel_layer is not None:
            self.grouped = True
            await self.channel_layer.group_add(
                console.class_group(self.booking_id), self.channel_name
            )
        await database_sync_to_async(console.seen)(pupil_id=self.pupil.pk)
        await self.reply(
            sockets.frame("clock", None, {**clock.as_json(), "live_url": self.live_url})
        )
        self.start(self.move_at_minute_60(clock.seconds_to_move))
        self.start(self.heartbeat())

    async def move_at_minute_60(self, seconds: float):
        await asyncio.sleep(seconds)
        await self.reply(sockets.frame("move", None, {"url": self.live_url, "reason": "live"}))

    async def heartbeat(self):
        while True:
            await asyncio.sleep(console.HEARTBEAT_SECONDS)
            try:
                await database_sync_to_async(console.seen)(pupil_id=self.pupil.pk)
            except Exception:  # a database hiccup: the next beat tries again
                logger.exception("session bar %s: heartbeat failed", self.booking_id)

    async def cleanup(self):
        # Whatever ended the socket (see FrameConsumer.clean_up); the heartbeat is cancelled.
        if self.grouped:
            await self.channel_layer.group_discard(
                console.class_group(self.booking_id), self.channel_name
            )
        if self.pupil is None:
            return
        # Gone for the console once the pupil's last bar in this process closed (another tab's
        # bar keeps the seat seen); a bar in another process marks it seen at its next beat.
        if sockets.socket_counts()[("seat", SEAT_KIND, self.pupil.pk)] == 0:
            await database_sync_to_async(console.gone)(pupil_id=self.pupil.pk)

    def admitted(self) -> bool:
        return self.pupil is not None

    # --- Handlers -------------------------------------------------------------------------------

    async def on_ping(self, frame_id, payload):
        await self.reply(sockets.frame("pong", frame_id, {"now": timezone.now().isoformat()}))

    async def on_here(self, frame_id, payload):
        try:
            stamps = await database_sync_to_async(passport.record_presence)(
                pupil=self.pupil, building_slug=str(payload.get("building") or "")
            )
        except SchoolsError as error:
            await self.reply(sockets.error(frame_id, "invalid", error.message))
            return
        await self.reply(sockets.ack(frame_id, {"passport": stamps.as_json()}))

    handlers = {"ping": on_ping, "here": on_here}

    # --- Messages from the class's group --------------------------------------------------------

    async def class_gather(self, message):
        await self.reply(sockets.frame("move", None, {"url": message["url"], "reason": "gather"}))

    async def class_released(self, message):
        if message.get("pupil_id") == self.pupil.pk:
            await self.reply(sockets.frame("released", None, {"url": reverse("schools:join")}))
            await self.close(code=sockets.CLOSE_RELEASED)


def _teacher_booking(user, booking_id):
    if user is None or not user.is_authenticated:
        return None
    return (
        Booking.objects.select_related("school_class")
        .filter(pk=booking_id, school_class__teacher__user=user)
        .first()
    )


class ConsoleConsumer(_ClassSocket):
    name = "console"
    booking = None

    async def connect(self):
        self.booking_id = self.scope["url_route"]["kwargs"]["booking_id"]
        booking = await database_sync_to_async(_teacher_booking)(
            self.scope.get("user"), self.booking_id
        )
        await self.accept()
        if booking is None:
            await self.close(code=sockets.CLOSE_NOT_FOUND)
            return
        if not await self.count_in():
            return
        self.booking = booking
        sockets.socket_counts().take({(CONSOLE_KIND, booking.pk): 1_000_000})
        self.start(self.refresh())
        self.start(self.heartbeat())

    async def refresh(self):
        while True:
            await self.send_presence()
            await asyncio.sleep(CONSOLE_REFRESH_SECONDS)

    async def heartbeat(self):
        """The teacher is connected for the organizers while a console is open."""
        while True:
            try:
                await database_sync_to_async(console.teacher_seen)(booking_id=self.booking.pk)
            except Exception:  # a database hiccup: the next beat tries again
                logger.exception("console %s: heartbeat failed", self.booking_id)
            await asyncio.sleep(console.HEARTBEAT_SECONDS)

    async def cleanup(self):
        if self.booking is None:
            return
        counts = sockets.socket_counts()
        key = (CONSOLE_KIND, self.booking.pk)
        counts.give_back([key])
        if counts[key] == 0:
            await database_sync_to_async(console.teacher_gone)(booking_id=self.booking.pk)

    async def send_presence(self):
        pupils = await database_sync_to_async(console.presence)(booking=self.booking)
        await self.reply(
            sockets.frame("presence", None, {"now": timezone.now().isoformat(), "pupils": pupils})
        )

    def admitted(self) -> bool:
        return self.booking is not None

    # --- Handlers -------------------------------------------------------------------------------

    async def on_gather(self, frame_id, payload):
        await database_sync_to_async(console.gather)(booking=self.booking)
        await self.done(frame_id)

    async def on_free(self, frame_id, payload):
        pupil_id = parse_id(payload.get("pupil_id"))
        try:
            if pupil_id is None:
                raise SchoolsError()
            await database_sync_to_async(console.free_seat)(
                school_class=self.booking.school_class,
                pupil_id=pupil_id,
                by=self.scope.get("user"),
            )
        except SchoolsError:
            await self.reply(
                sockets.error(frame_id, "invalid", _("Cet élève n'est pas dans cette classe."))
            )
            return
        await self.done(frame_id)

    handlers = {"gather": on_gather, "free": on_free}

    async def done(self, frame_id):
        await self.reply(sockets.ack(frame_id))
        await self.send_presence()
