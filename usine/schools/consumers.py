"""The class session's sockets. Frames are JSON arrays `[action, id, payload]` (`usine.sockets`,
the codec and dispatcher every socket shares).

`ws/classe/<booking_id>/` — a pupil's session bar (the pupil from the session, holding its seat):
    server → ["clock", null, {now, starts_at, explore_ends_at, ends_at, phase, live_url}]
             ["move", null, {url, reason: "live" | "gather"}]   go there now
             ["released", null, {url}]                           the teacher freed the pseudonym
             ["ack", id, {…}] / ["error", id, {code, message}]
    client → ["here", id, {"building": slug or ""}]             where the pupil is
             ["ping", id, {}]                                    → ["pong", id, {now}]

  Every pupil keeps one open all session long: it is a plain ASGI app (`session_bar`), not a
  Channels consumer, and this process's `session_bars.SessionBars` moves it at minute 60 (from
  the slot's start and the server clock, so it survives reloads and restarts), marks its pupil
  seen and hands it the teacher's messages — once per process, not once per socket.

`ws/classe/<booking_id>/console/` — the teacher's console:
    server → ["presence", null, {now, pupils: [...]}] every CONSOLE_REFRESH_SECONDS
    client → ["gather", id, {}], ["free", id, {"pupil_id": n}]
"""

import asyncio
import logging

from django.utils import timezone
from django.utils.translation import gettext as _

from usine import sockets
from usine.database_threads import on_database_threads
from usine.inputs import parse_id
from usine.unavailable import unavailable_service

from . import console, join, session_clock
from .errors import SchoolsError
from .models import Booking
from .session_bars import SEAT_KIND, Bar, get_session_bars, live_url

logger = logging.getLogger(__name__)

CONSOLE_REFRESH_SECONDS = 2.0
CONSOLE_KIND = "console"  # counted per class session, to know when its last console closes


# --- The pupil's session bar ----------------------------------------------------------------------


def _arrival(session_key: str | None, booking_id: int):
    """(pupil id, clock frame, instant of the move) for the pupil of this browser session in
    this class session, or None."""
    claim = join.fresh_claim(sockets.session_store(session_key))
    if claim is None:
        return None
    # Read with the claim: no query of its own for each of the thousands of bars opening.
    booking = join.booking_in(claim)
    if booking is None or booking.pk != booking_id:
        return None
    clock = session_clock.clock_for(slot=booking.slot)
    frame = sockets.frame("clock", None, {**clock.as_json(), "live_url": live_url()})
    return claim.pupil_id, frame, clock.explore_ends_at.timestamp()


async def session_bar(scope, receive, send):
    """`ws/classe/<booking_id>/`: one pupil's session bar, from handshake to close."""
    if (await receive())["type"] != "websocket.connect":
        return
    booking_id = scope["url_route"]["kwargs"]["booking_id"]
    session_key = sockets.session_key(scope)
    try:
        found = await on_database_threads(_arrival)(session_key, booking_id)
    except Exception as failed:
        if not unavailable_service(failed):
            raise
        logger.warning("session bar %s: cannot open (%s)", booking_id, failed)
        await send({"type": "websocket.accept"})
        await send({"type": "websocket.close", "code": sockets.CLOSE_TRY_AGAIN})
        return
    # Accept before closing: the close code tells the page why (a bare 403 would not).
    await send({"type": "websocket.accept"})
    if found is None:
        await send({"type": "websocket.close", "code": sockets.CLOSE_NOT_FOUND})
        return
    pupil_id, clock, move_at = found
    counted = sockets.take_socket(session_key=session_key, seat=(SEAT_KIND, pupil_id))
    if counted is None:
        logger.info("session bar %s: too many sockets", booking_id)
        await send({"type": "websocket.close", "code": sockets.CLOSE_TOO_MANY})
        return
    bars = get_session_bars()
    bar = Bar(
        send, booking_id=booking_id, pupil_id=pupil_id, language=sockets.scope_language(scope)
    )
    try:
        await bars.join(bar, clock=clock, move_at=move_at)
        del found, clock  # written: not held as long as the socket is open
        while (message := await receive())["type"] == "websocket.receive":
            try:
                await sockets.answer(
                    message.get("text"),
                    handlers=BAR_HANDLERS,
                    owner=bar,
                    reply=bar.reply,
                    where=f"session bar {booking_id}",
                )
            except OSError:  # the client is gone: its disconnect comes next
                continue
    finally:
        # Whatever ended the socket (the client, a bug, the server cancelling it).
        sockets.socket_counts().give_back(counted)
        gone = bars.leave(bar)
        if gone is not None:
            await gone


async def on_ping(bar: Bar, frame_id, payload):
    await bar.reply(sockets.frame("pong", frame_id, {"now": timezone.now().isoformat()}))


async def on_here(bar: Bar, frame_id, payload):
    # Answered once this process's next presence write is done; the bar reads on meanwhile.
    get_session_bars().here(bar, frame_id, str(payload.get("building") or ""))


BAR_HANDLERS = {"ping": on_ping, "here": on_here}


# --- The teacher's console ------------------------------------------------------------------------


def _teacher_booking(user, booking_id):
    if user is None or not user.is_authenticated:
        return None
    return (
        Booking.objects.select_related("school_class")
        .filter(pk=booking_id, school_class__teacher__user=user)
        .first()
    )


class ConsoleConsumer(sockets.FrameConsumer):
    name = "console"
    booking = None
    booking_id: int

    async def connect(self):
        self.booking_id = self.scope["url_route"]["kwargs"]["booking_id"]
        booking = await on_database_threads(_teacher_booking)(
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
                await on_database_threads(console.teacher_seen)(booking_id=self.booking.pk)
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
            await on_database_threads(console.teacher_gone)(booking_id=self.booking.pk)

    async def send_presence(self):
        pupils = await on_database_threads(console.presence)(booking=self.booking)
        await self.reply(
            sockets.frame("presence", None, {"now": timezone.now().isoformat(), "pupils": pupils})
        )

    def admitted(self) -> bool:
        return self.booking is not None

    # --- Handlers -------------------------------------------------------------------------------

    async def on_gather(self, frame_id, payload):
        await on_database_threads(console.gather)(booking=self.booking)
        await self.done(frame_id)

    async def on_free(self, frame_id, payload):
        pupil_id = parse_id(payload.get("pupil_id"))
        try:
            if pupil_id is None:
                raise SchoolsError()
            await on_database_threads(console.free_seat)(
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
