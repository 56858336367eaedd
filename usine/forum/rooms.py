"""A Forum talk's sockets in this process, fed by reading the state rather than by events.

A talk has thousands of viewers and a couple of hundred votes a second: pushing one frame per
vote would cost one write per vote and viewer (measured on these machines, `shared/notes/fanout.md`,
Channels' group_send loses messages well before that). Here each process holds, per talk, the
ASGI `send` of its local sockets and, in one task:

- every SNAPSHOT_INTERVAL_S, reads the audience's snapshot (`questions.snapshot`: pinned, most
  voted, latest approved), encodes it once and writes it to the local sockets if it changed:
  whatever the rate of votes and decisions, a viewer gets one frame a second at most;
- reads the moderators' queue with it, and sooner (QUEUE_GAP_S apart at most) when a local member
  asked or moderated, so that the organizers see a question as it comes;
- every CAPTION_INTERVAL_S, reads the captions typed in the last seconds and writes the new ones;
- gathers the votes of its sockets and writes them together every VOTE_BATCH_S
  (`questions.upvote_many`): a couple of hundred votes a second are a few writes;
- writes the organizers' decisions in the order they came, those arriving while one batch is
  written going together in the next (`questions.moderate_many`): an organizer approving twenty
  questions a second waits for a write or two, not for twenty one after the other.

Its reads and writes run on a few threads of its own (`_read`), never behind the asks nor
behind the site's other work.

Every process reads the database, so what a member does in one process reaches the sockets of
every other within a second with no message bus between them, and nothing can be lost: a socket
that missed a snapshot gets the next, which holds the same state or a newer one. A socket whose
client reads slowly keeps only the latest snapshot waiting, not every one it missed; captions
wait in order.
"""

import asyncio
import contextlib
import logging
import time
import weakref
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from channels.db import database_sync_to_async
from django.utils import timezone

from usine import sockets
from usine.fanout import send_message, spawn, start_send

from . import captions, questions

logger = logging.getLogger(__name__)

SNAPSHOT_INTERVAL_S = 1.0
# The moderators' queue is read again this soon after a local ask or decision, not sooner.
QUEUE_GAP_S = 0.25
# Votes wait this long to be written with the others.
VOTE_BATCH_S = 0.1
CAPTION_INTERVAL_S = 0.25
# Captions typed this long ago are still looked for (a commit that came late, a clock apart).
CAPTION_WINDOW_S = 10.0
# An empty talk keeps reading this long: a class reconnecting at once finds it warm.
RELEASE_AFTER_S = 15.0
# Captions waiting for a client that reads too slowly, before its socket is closed.
MAX_WAITING = 200

SNAPSHOT = "questions"
QUEUE = "queue"


class Viewer:
    """One socket of a talk in this process."""

    __slots__ = ("busy", "closed", "latest", "organizer", "room", "send", "waiting")

    def __init__(self, room, send, *, organizer: bool):
        self.room = room
        self.send = send
        self.organizer = organizer
        self.busy = False
        self.closed = False
        self.latest: dict[str, dict] = {}  # the last snapshot of each kind, while busy
        self.waiting: deque = deque()  # captions and answers, in order, while busy

    def offer(self, message: dict, *, kind: str | None = None) -> None:
        """Write a frame; with `kind`, a newer frame of that kind replaces one still waiting."""
        if self.closed:
            return
        if self.busy:
            if kind is not None:
                self.latest[kind] = message
            elif len(self.waiting) >= MAX_WAITING:
                self._overflow()
            else:
                self.waiting.append(message)
            return
        try:
            pending = start_send(self.send, message)
        except Exception:  # the client is gone
            self.closed = True
            return
        if pending is not None:
            self.busy = True
            spawn(self._drain(pending))

    async def _drain(self, pending) -> None:
        try:
            await pending
            while self.waiting or self.latest:
                if self.waiting:
                    message = self.waiting.popleft()
                else:
                    message = self.latest.pop(next(iter(self.latest)))
                await self.send(message)
        except Exception:
            self.closed = True
        finally:
            self.busy = False

    def _overflow(self) -> None:
        logger.info("forum talk %s: closing a socket that reads too slowly", self.room.talk_id)
        self.closed = True
        self.waiting.clear()
        self.latest.clear()
        with contextlib.suppress(Exception):
            pending = start_send(self.send, {"type": "websocket.close", "code": 4008})
            if pending is not None:
                spawn(pending)


class Batch:
    """Requests written together, in the order they came, by one call off the event loop
    (`write`: the items → an outcome each, a result or the exception refusing it). One batch is
    written at a time; what comes meanwhile waits for the next, `gather_s` after the first."""

    def __init__(self, write, *, gather_s: float = 0.0, written=None):
        self.write = write
        self.gather_s = gather_s
        self.written = written  # called after each batch
        self.items: list[tuple[object, asyncio.Future]] = []
        self.writer: asyncio.Future | None = None

    def add(self, item) -> asyncio.Future:
        """Queue the item now; its outcome once its batch is written (or the exception
        refusing it)."""
        future = asyncio.get_running_loop().create_future()
        self.items.append((item, future))
        if self.writer is None:
            self.writer = spawn(self._run())
        return future

    async def _run(self) -> None:
        try:
            while self.items:
                if self.gather_s:
                    await asyncio.sleep(self.gather_s)
                batch, self.items = self.items, []
                try:
                    outcomes = await self.write([item for item, _future in batch])
                except Exception as failed:  # the database restarting: each asker is told
                    outcomes = [failed] * len(batch)
                for (_item, future), outcome in zip(batch, outcomes, strict=True):
                    if future.done():  # the socket closed meanwhile
                        continue
                    if isinstance(outcome, Exception):
                        future.set_exception(outcome)
                    else:
                        future.set_result(outcome)
                if self.written is not None:
                    self.written()
        finally:
            self.writer = None


class TalkRoom:
    """A talk as this process serves it: its sockets and the last frames written to them."""

    def __init__(self, rooms: "TalkRooms", talk_id: int):
        self.rooms = rooms
        self.talk_id = talk_id
        self.viewers: set[Viewer] = set()
        self.snapshot: dict | None = None  # the last snapshot's message
        self.queue: dict | None = None  # the last moderators' queue message
        self.seen_captions: dict[int, float] = {}  # caption id → when it was read (monotonic)
        self.poked = asyncio.Event()
        self.votes = Batch(self._write_votes, gather_s=VOTE_BATCH_S)
        self.decisions = Batch(self._write_decisions, written=self.poked.set)
        self.task: asyncio.Task | None = None
        self.release: asyncio.TimerHandle | None = None
        self.started_at = timezone.now()

    @property
    def has_organizers(self) -> bool:
        return any(viewer.organizer for viewer in self.viewers)

    async def start(self) -> None:
        await self.refresh()
        self.task = asyncio.ensure_future(self._run())

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        next_snapshot = loop.time() + SNAPSHOT_INTERVAL_S
        next_captions = loop.time()
        next_queue = loop.time()
        wanted = False  # a local member asked or moderated since the queue was read
        while True:
            # Woken when the snapshot is due, not at the next caption turn after it: a
            # question approved just before waits one interval at most.
            wake = min(next_snapshot, next_captions)
            if wanted:
                wake = min(wake, next_queue)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.poked.wait(), max(0.0, wake - loop.time()))
            wanted = wanted or self.poked.is_set()
            self.poked.clear()
            try:
                now = loop.time()
                audience = now >= next_snapshot
                if audience or (wanted and now >= next_queue):
                    if audience:
                        next_snapshot = now + SNAPSHOT_INTERVAL_S
                    next_queue, wanted = now + QUEUE_GAP_S, False
                    await self.refresh(audience=audience)
                if loop.time() >= next_captions:
                    next_captions = loop.time() + CAPTION_INTERVAL_S
                    await self.read_captions()
            except asyncio.CancelledError:
                raise
            except Exception:  # the database restarting: the next turn reads again
                logger.exception("forum talk %s: cannot read its questions", self.talk_id)
                await asyncio.sleep(SNAPSHOT_INTERVAL_S)

    async def refresh(self, *, audience: bool = True) -> None:
        if audience:
            snapshot = await _read(questions.snapshot, talk_id=self.talk_id)
            frame = sockets.frame(SNAPSHOT, None, {"talk": self.talk_id, **snapshot})
            if self.snapshot is None or frame != self.snapshot["text"]:
                self.snapshot = send_message(frame)
                self._write(self.snapshot, kind=SNAPSHOT)
        if self.has_organizers:
            queue = await _read(questions.queue, talk_id=self.talk_id)
            frame = sockets.frame(QUEUE, None, {"talk": self.talk_id, **queue})
            if self.queue is None or frame != self.queue["text"]:
                self.queue = send_message(frame)
                self._write(self.queue, kind=QUEUE, organizers_only=True)
        else:
            self.queue = None

    def upvote(self, attendee, question_id) -> asyncio.Future:
        """Cast a vote with the others of the next batch; the asker's answer, or the
        QuestionError refusing it."""
        return self.votes.add((attendee, question_id))

    async def _write_votes(self, votes: list) -> list:
        return await _read(questions.upvote_many, talk_id=self.talk_id, votes=votes)

    def decide(self, decision: str, attendee, **arguments) -> asyncio.Future:
        """An organizer's decision (`questions.DECISIONS`), queued now behind the earlier ones
        and written with those of the moment; its answer, or the QuestionError refusing it."""
        return self.decisions.add((decision, attendee, arguments))

    async def _write_decisions(self, decisions: list) -> list:
        return await _read(questions.moderate_many, talk_id=self.talk_id, decisions=decisions)

    async def read_captions(self) -> None:
        since = max(self.started_at, timezone.now() - timedelta(seconds=CAPTION_WINDOW_S))
        rows = await _read(captions.live_since, talk_id=self.talk_id, since=since)
        now = time.monotonic()
        for row in rows:
            if row["id"] in self.seen_captions:
                continue
            self.seen_captions[row["id"]] = now
            self._write(send_message(sockets.frame("caption", None, row)))
        for cue_id in [
            i for i, at in self.seen_captions.items() if now - at > 3 * CAPTION_WINDOW_S
        ]:
            del self.seen_captions[cue_id]

    def _write(self, message: dict, *, kind: str | None = None, organizers_only=False) -> None:
        gone = []
        for viewer in self.viewers:
            if organizers_only and not viewer.organizer:
                continue
            viewer.offer(message, kind=kind)
            if viewer.closed:
                gone.append(viewer)
        for viewer in gone:
            self.viewers.discard(viewer)

    def welcome(self, viewer: Viewer) -> None:
        """A joining socket's first frames: the current snapshot, and the queue to an organizer."""
        if self.snapshot is not None:
            viewer.offer(self.snapshot, kind=SNAPSHOT)
        if viewer.organizer:
            if self.queue is not None:
                viewer.offer(self.queue, kind=QUEUE)
            else:
                self.poked.set()

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.task


class TalkRooms:
    """The talks of this process (one registry per event loop: tests run a loop each)."""

    def __init__(self):
        self.rooms: dict[int, TalkRoom] = {}
        self.starting: dict[int, asyncio.Future] = {}

    async def join(self, talk_id: int, *, send, organizer: bool) -> Viewer:
        room = self.rooms.get(talk_id)
        if room is None:
            starting = self.starting.get(talk_id)
            if starting is None:
                starting = self.starting[talk_id] = asyncio.ensure_future(self._start(talk_id))
            try:
                room = await asyncio.shield(starting)
            finally:
                if starting.done():
                    self.starting.pop(talk_id, None)
        if room.release is not None:
            room.release.cancel()
            room.release = None
        viewer = Viewer(room, send, organizer=organizer)
        room.viewers.add(viewer)
        room.welcome(viewer)
        return viewer

    async def _start(self, talk_id: int) -> TalkRoom:
        room = TalkRoom(self, talk_id)
        await room.start()
        self.rooms[talk_id] = room
        return room

    def leave(self, viewer: Viewer) -> None:
        viewer.closed = True
        room = viewer.room
        room.viewers.discard(viewer)
        if not room.viewers and room.release is None and self.rooms.get(room.talk_id) is room:
            room.release = asyncio.get_running_loop().call_later(
                RELEASE_AFTER_S, lambda: spawn(self._release(room))
            )

    async def _release(self, room: TalkRoom) -> None:
        room.release = None
        if room.viewers or self.rooms.get(room.talk_id) is not room:
            return
        del self.rooms[room.talk_id]
        await room.stop()

    def poke(self, talk_id: int) -> None:
        """Read the talk's state now (a member of this process just changed it)."""
        room = self.rooms.get(talk_id)
        if room is not None:
            room.poked.set()

    async def close(self) -> None:
        for room in list(self.rooms.values()):
            await room.stop()
        self.rooms.clear()


def _call(function, **arguments):
    return function(**arguments)


# Off Channels' one database thread and off the default executor the asks share: the
# snapshot, the queue and the batches never wait behind a burst of asks. A talk reads and
# writes three things at most at once (its state, its votes, its decisions); a Forum has a few
# stages live together.
_executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="forum-rooms")
_read = database_sync_to_async(_call, thread_sensitive=False, executor=_executor)


_registries: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, TalkRooms]" = (
    weakref.WeakKeyDictionary()
)


def get_rooms() -> TalkRooms:
    loop = asyncio.get_running_loop()
    rooms = _registries.get(loop)
    if rooms is None:
        rooms = _registries[loop] = TalkRooms()
    return rooms
