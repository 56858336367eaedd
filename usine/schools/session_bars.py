"""The pupils' session bars this process holds (`ws/classe/<booking_id>/`, consumers.session_bar),
and what they all need done, done once per process.

Why not a Channels consumer per bar: every pupil of the fair keeps a bar open for the whole
session, so the bars are most of a host's sockets (the design point: 10,000 idle sockets a host
at no more than twice a bare `websockets` server's memory). Measured on these machines, uvicorn's
side of a socket costs ≈ 18.5 KB and a Channels consumer on top ≈ 31.6 KB more: its queues and
locks, two tasks waiting (the socket and its channel), a task sleeping until minute 60 and
another waking every 15 s, the model objects it kept. Here a bar is a small object (`Bar`: where
its frames go, its class session, its pupil) in this process's `SessionBars`, which does with one
timer, one subscription and one write what each consumer did for itself:

- minute 60: a heap of the instants the class sessions move to their live exchange, and ONE
  timer (`loop.call_at`) for the earliest; it writes `move` to the local bars of that session.
  A bar opened after the instant gets its `move` at once (a reload, another device);
- presence for the teacher's console: every HEARTBEAT_SECONDS one write marks every local pupil
  seen; the pupils who came or whose last local bar closed are written together as soon as the
  previous write is done (a class arriving at once is a few writes, not one a socket). A pupil
  gone here stays seen if a bar in another process marked it seen since;
- where each pupil is (`here` frames, for the passport and the console): recorded in the same
  writes, every pupil who said so since the previous write at once (passport.record_presences),
  each frame answered then; the bar reads its next frames meanwhile. (A bar that waited for its
  own answer stopped reading: uvicorn reads nothing more from a socket while a frame waits for
  the app, the keepalive's pong included, and closes it 1011 after 20 s without one. Under the
  design point's load, 1,500 bars were lost that way in one minute.)
- the teacher's gather and a freed pseudonym (console.tell_class) reach the bars through ONE
  subscription per process to one topic for every class session (`usine.transports`: Redis
  pub/sub, or the channel layer without Redis): a teacher's message is rare, so each process
  keeps what concerns its own classes rather than subscribing and unsubscribing per class.
"""

import asyncio
import contextlib
import heapq
import logging
import math
import time
import weakref

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from usine import sockets, transports
from usine.database_threads import on_database_threads
from usine.fanout import Outlet, send_message, spawn

from . import console, passport
from .errors import SchoolsError

logger = logging.getLogger(__name__)

SEAT_KIND = "session bar"  # the pupil's seat holds a few of these sockets (sockets.take_socket)
LIVE = "live"  # why a bar is moved: the live exchange begins, or the teacher gathers the class
GATHER = "gather"
# A pupil's `here` frames waiting for one write: past this, a frame is refused (a client that
# does not wait for its answers).
MAX_WAITING = 10
# At most one presence write this often: pings arriving meanwhile are written together (at the
# design point, ≈ 10 a write instead of one or two), answered that much later at worst.
ROUND_SECONDS = 0.2


def live_url() -> str:
    """Where the pupils go at minute 60: the live exchange of their class session."""
    return reverse("live:class_exchange")


def move_message(url: str, reason: str) -> dict:
    return send_message(sockets.frame("move", None, {"url": url, "reason": reason}))


class Bar(Outlet):
    """One pupil's session bar in this process: its writes (`Outlet`), its session, its pupil."""

    __slots__ = ("booking_id", "language", "pupil_id")

    def __init__(self, send, *, booking_id: int, pupil_id: int, language: str = ""):
        super().__init__(send)
        self.booking_id = booking_id
        self.pupil_id = pupil_id
        self.language = language or settings.LANGUAGE_CODE  # of the page: the passport's words

    async def reply(self, frame: str) -> None:
        self.push(send_message(frame))

    def describe(self) -> str:
        return f"session bar {self.booking_id}"


class SessionBars:
    """The session bars of this process (one per event loop), by class session."""

    def __init__(self, transport_factory):
        self.classes: dict[int, set[Bar]] = {}
        # The instant (time.time()) each class session with local bars moves to the live
        # exchange, and the same as a heap of (instant, booking id) for the timer.
        self.move_at: dict[int, float] = {}
        self.moves: list[tuple[float, int]] = []
        self.timer: asyncio.TimerHandle | None = None
        self.timer_at = math.inf
        self.beat: asyncio.TimerHandle | None = None
        # Presence waiting to be written: pupils come, pupils gone (when their last bar closed).
        self.arriving: set[int] = set()
        self.leaving: dict[int, object] = {}
        # Where pupils said they are since the last write: pupil id → (building slug, the
        # frames to answer: [(bar, frame id)]); the latest slug of a pupil wins.
        self.pings: dict[int, tuple[str, list[tuple[Bar, object]]]] = {}
        self.writing: asyncio.Future | None = None
        self.wrote_at = -math.inf  # when the last write began (the loop's clock)
        self.transport = transport_factory(self.deliver)
        self.subscribed = False
        self.subscribing: asyncio.Future | None = None

    def __len__(self) -> int:
        return sum(len(bars) for bars in self.classes.values())

    # --- Bars -----------------------------------------------------------------------------------

    async def join(self, bar: Bar, *, clock: str, move_at: float) -> None:
        """Write a bar its clock frame and hold it until `leave`: its pupil is seen at once, its
        `move` written at `move_at` (time.time()), or now when the instant is past."""
        await self.subscribe()
        bar.push(send_message(clock))
        self.classes.setdefault(bar.booking_id, set()).add(bar)
        self.leaving.pop(bar.pupil_id, None)
        self.arriving.add(bar.pupil_id)
        self._write_presence()
        if move_at <= time.time():
            bar.push(move_message(live_url(), LIVE))
        elif self.move_at.get(bar.booking_id) != move_at:
            self.move_at[bar.booking_id] = move_at
            heapq.heappush(self.moves, (move_at, bar.booking_id))
            self._arm()
        if self.beat is None:
            self.beat = asyncio.get_running_loop().call_later(
                console.HEARTBEAT_SECONDS, self._heartbeat
            )

    def leave(self, bar: Bar) -> asyncio.Future | None:
        """Let a bar go (its seat's count given back already); when it was its pupil's last bar
        here, what finishes writing the pupil gone."""
        bar.closed = True
        bars = self.classes.get(bar.booking_id)
        if bars is None or bar not in bars:
            return None
        bars.discard(bar)
        if not bars:
            del self.classes[bar.booking_id]
            self.move_at.pop(bar.booking_id, None)
        if sockets.seat_sockets(SEAT_KIND, bar.pupil_id):
            return None  # another tab's bar keeps the pupil seen
        self.arriving.discard(bar.pupil_id)
        self.leaving[bar.pupil_id] = timezone.now()
        return self._write_presence()

    def here(self, bar: Bar, frame_id, building_slug: str) -> None:
        """The bar's pupil is in this building ("": the town): recorded with the next write,
        the frame answered then with the pupil's passport."""
        _slug, waiting = self.pings.get(bar.pupil_id, ("", []))
        if len(waiting) >= MAX_WAITING:
            bar.push(
                send_message(
                    sockets.error(
                        frame_id,
                        "too_many",
                        _("Trop de messages à la fois : attends la réponse aux précédents."),
                    )
                )
            )
            return
        waiting.append((bar, frame_id))
        self.pings[bar.pupil_id] = (building_slug, waiting)
        self._write_presence()

    # --- Minute 60 ------------------------------------------------------------------------------

    def _arm(self) -> None:
        """The timer at the earliest move to come."""
        if not self.moves or self.moves[0][0] >= self.timer_at:
            return
        if self.timer is not None:
            self.timer.cancel()
        loop = asyncio.get_running_loop()
        self.timer_at = self.moves[0][0]
        self.timer = loop.call_at(loop.time() + max(self.timer_at - time.time(), 0), self._move)

    def _move(self) -> None:
        self.timer, self.timer_at = None, math.inf
        now = time.time()
        while self.moves and self.moves[0][0] <= now:
            due, booking_id = heapq.heappop(self.moves)
            if self.move_at.get(booking_id) != due:
                continue  # the session's bars all closed, or its slot moved
            message = move_message(live_url(), LIVE)
            for bar in self.classes.get(booking_id, ()):
                bar.push(message)
        self._arm()

    # --- Presence -------------------------------------------------------------------------------

    def _heartbeat(self) -> None:
        if not self.classes:
            self.beat = None
            return
        self.arriving.update(bar.pupil_id for bars in self.classes.values() for bar in bars)
        self._write_presence()
        if not self.subscribed:
            spawn(self.subscribe())
        self.beat = asyncio.get_running_loop().call_later(
            console.HEARTBEAT_SECONDS, self._heartbeat
        )

    def _write_presence(self) -> asyncio.Future:
        if self.writing is None or self.writing.done():
            self.writing = spawn(self._write())
        return self.writing

    async def _write(self) -> None:
        loop = asyncio.get_running_loop()
        while self.arriving or self.leaving or self.pings:
            wait = self.wrote_at + ROUND_SECONDS - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            self.wrote_at = loop.time()
            # Seen as of now: a pupil leaving while this is written is gone after it.
            arriving, leaving, pings = self.arriving, self.leaving, self.pings
            now = timezone.now()
            self.arriving, self.leaving, self.pings = set(), {}, {}
            # Back in this process meanwhile: seen, not gone.
            gone = [pupil for pupil in leaving if not sockets.seat_sockets(SEAT_KIND, pupil)]
            left_at = max((leaving[pupil] for pupil in gone), default=now)
            if any(pupil in pings for pupil in gone):
                left_at = now  # its last ping came before it left: gone after it
            try:
                answers = await on_database_threads(_write_presence)(
                    seen=arriving - pings.keys(),
                    gone=gone,
                    pings={pupil: slug for pupil, (slug, _waiting) in pings.items()},
                    now=now,
                    left_at=left_at,
                )
            except Exception as failed:  # the database restarting: the heartbeat writes again
                logger.exception("session bars: presence not written")
                for _slug, waiting in pings.values():
                    for bar, frame_id in waiting:
                        await sockets.refuse(
                            frame_id, "here", failed, reply=bar.reply, where=bar.describe()
                        )
                continue
            for pupil, (_slug, waiting) in pings.items():
                _answer(waiting, answers[pupil])

    # --- The teacher's messages -----------------------------------------------------------------

    async def subscribe(self) -> None:
        """Hear the class sessions' topic (once per process; the first bar waits for it).
        Without it (Redis restarting) the bars still open; the heartbeat subscribes again."""
        if self.subscribed:
            return
        if self.subscribing is None or self.subscribing.done():
            self.subscribing = spawn(self._subscribe())
        await asyncio.shield(self.subscribing)

    async def _subscribe(self) -> None:
        try:
            await self.transport.subscribe(console.CLASSES_TOPIC)
        except Exception as error:
            logger.warning("session bars: cannot subscribe yet (%s)", error)
        else:
            self.subscribed = True

    def deliver(self, topic: str, data) -> None:
        what, booking_id, payload = data
        bars = self.classes.get(booking_id)
        if not bars:
            return
        if what == console.GATHER:
            message = move_message(payload["url"], GATHER)
            for bar in bars:
                bar.push(message)
        elif what == console.RELEASED:
            released = send_message(
                sockets.frame("released", None, {"url": reverse("schools:join")})
            )
            for bar in [bar for bar in bars if bar.pupil_id == payload["pupil_id"]]:
                bar.push(released)
                bar.close(sockets.CLOSE_RELEASED)

    async def close(self) -> None:
        for handle in (self.timer, self.beat):
            if handle is not None:
                handle.cancel()
        if self.writing is not None:
            with contextlib.suppress(Exception):
                await self.writing
        await self.transport.close()


def _write_presence(*, seen, gone, pings, now, left_at) -> dict:
    """One write of the bars' presence; pupil id → its ping's answer (passport.record_presences)."""
    answers = passport.record_presences(pings=pings, now=now) if pings else {}
    if seen:
        console.seen_all(pupil_ids=seen, now=now)
    if gone:
        console.gone_all(pupil_ids=gone, left_at=left_at)
    return answers


def _answer(waiting, answer) -> None:
    """A pupil's `here` frames get its passport, or the error that refused its ping."""
    for bar, frame_id in waiting:
        if isinstance(answer, SchoolsError):
            frame = sockets.error(frame_id, "invalid", answer.message)
        else:
            with translation.override(bar.language):
                frame = sockets.ack(frame_id, {"passport": answer.as_json()})
        bar.push(send_message(frame))


_bars: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, SessionBars]" = (
    weakref.WeakKeyDictionary()
)


def get_session_bars() -> SessionBars:
    """This process's session bars (one per event loop: tests run a loop each)."""
    loop = asyncio.get_running_loop()
    bars = _bars.get(loop)
    if bars is None:
        bars = _bars[loop] = SessionBars(transports.transport_factory())
    return bars
