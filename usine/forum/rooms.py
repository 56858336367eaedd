"""A Forum talk's sockets in this process, fed by reading the state rather than by events.

A talk has thousands of viewers and a couple of hundred votes a second: pushing one frame per
vote would cost one write per vote and viewer (measured on these machines, `shared/notes/fanout.md`,
Channels' group_send loses messages well before that). Here each process holds, per talk, the
ASGI `send` of its local sockets and, in one task:

- every SNAPSHOT_INTERVAL_S, reads the audience's snapshot (`questions.snapshot`: pinned, most
  voted, latest approved) and, if it changed, encodes it once (whole, and what changed since the
  one before: `snapshots`) and writes those bytes straight to each local socket's transport
  (`usine.fanout.Wire`): whatever the rate of votes, a viewer gets one frame a second at most,
  and 2,000 sockets cost the process a few milliseconds, not the half second the ASGI path
  would hold its event loop. An organizer's approval brings the next snapshot forward to
  SNAPSHOT_GAP_S after the one before: the audience sees it within a second or so;
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
whose client is not reading (bytes pile up in its transport) is skipped, counted, and written the
whole latest snapshot as soon as it reads again (`TalkRoom.resync`, every CAPTION_INTERVAL_S),
never a backlog of the ones it missed; captions wait in order. Where each stage of an approval's
way takes its time is logged (`stages`).
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
from usine.batches import Batch
from usine.fanout import Wire, encode_text, send_message, spawn, start_send

from . import captions, questions
from .snapshots import Snapshot, following
from .stages import Stages

logger = logging.getLogger(__name__)

SNAPSHOT_INTERVAL_S = 1.0
# After an approval, the next snapshot comes this long after the one before, not sooner, nor
# sooner than twice the time the last one took to write: on a machine so loaded that writing
# to every socket takes long, the event loop keeps most of its time for the frames it reads.
SNAPSHOT_GAP_S = 0.5
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

    __slots__ = (
        "busy",
        "closed",
        "held",
        "latest",
        "organizer",
        "room",
        "send",
        "waiting",
        "wire",
    )

    def __init__(self, room, send, *, organizer: bool):
        self.room = room
        self.send = send
        self.wire = Wire.of(send)  # None: every frame through the ASGI send
        self.organizer = organizer
        self.busy = False
        self.closed = False
        self.held = 0  # the version of the last snapshot written to it
        self.latest: dict[str, dict] = {}  # the last snapshot of each kind, while busy
        self.waiting: deque = deque()  # captions and answers, in order, while busy

    def take(self, snapshot: Snapshot) -> bool:
        """Write the talk's snapshot (what changed since the one it holds, else the whole);
        False when its client is not reading: nothing is written, the room resyncs it later."""
        if self.closed:
            return True
        if self.wire is None:
            self.offer(snapshot.full_message, kind=SNAPSHOT)
            self.held = snapshot.version
            return True
        if self.wire.gone:
            self.closed = True
            return True
        if self.busy or not self.wire.ready:
            return False
        self.wire.write(snapshot.frame_for(self.held))
        self.held = snapshot.version
        return True

    def offer(self, message: dict, *, kind: str | None = None, data: bytes | None = None) -> None:
        """Write a frame; with `kind`, a newer frame of that kind replaces one still waiting;
        `data`: the message already framed, written straight to the socket when it can be."""
        if self.closed:
            return
        if data is not None and not self.busy and self.wire is not None and self.wire.ready:
            if self.wire.gone:
                self.closed = True
            else:
                self.wire.write(data)
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


class TalkRoom:
    """A talk as this process serves it: its sockets and the last frames written to them."""

    def __init__(self, rooms: "TalkRooms", talk_id: int):
        self.rooms = rooms
        self.talk_id = talk_id
        self.viewers: set[Viewer] = set()
        self.snapshot: Snapshot | None = None  # the last snapshot written
        self.behind: set[Viewer] = set()  # sockets skipped while their client was not reading
        self.queue: dict | None = None  # the last moderators' queue message
        self.seen_captions: dict[int, float] = {}  # caption id → when it was read (monotonic)
        self.poked = asyncio.Event()
        self.approved = False  # an approval was written since the last snapshot
        self.write_s = 0.0  # how long the last snapshot took to write to every socket
        self.stages = Stages(talk_id)
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
        last_snapshot = loop.time()
        next_snapshot = last_snapshot + SNAPSHOT_INTERVAL_S
        next_captions = loop.time()
        next_queue = loop.time()
        wanted = False  # a local member asked or moderated since the queue was read

        def snapshot_due() -> float:
            if self.approved:
                gap = max(SNAPSHOT_GAP_S, 2 * self.write_s)
                return min(next_snapshot, last_snapshot + gap)
            return next_snapshot

        while True:
            # Woken when the snapshot is due, not at the next caption turn after it: a
            # question approved just before waits one interval at most.
            wake = min(snapshot_due(), next_captions)
            if wanted:
                wake = min(wake, next_queue)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.poked.wait(), max(0.0, wake - loop.time()))
            wanted = wanted or self.poked.is_set()
            self.poked.clear()
            try:
                now = loop.time()
                audience = now >= snapshot_due()
                if audience or (wanted and now >= next_queue):
                    if audience:
                        last_snapshot, next_snapshot = now, now + SNAPSHOT_INTERVAL_S
                        self.approved = False
                    next_queue, wanted = now + QUEUE_GAP_S, False
                    await self.refresh(audience=audience)
                if loop.time() >= next_captions:
                    next_captions = loop.time() + CAPTION_INTERVAL_S
                    await self.read_captions()
                    self.resync()
                self.stages.tick()
            except asyncio.CancelledError:
                raise
            except Exception:  # the database restarting: the next turn reads again
                logger.exception("forum talk %s: cannot read its questions", self.talk_id)
                await asyncio.sleep(SNAPSHOT_INTERVAL_S)

    async def refresh(self, *, audience: bool = True) -> None:
        if audience:
            read = time.monotonic()
            payload = await _read(questions.snapshot, talk_id=self.talk_id)
            read_done = time.monotonic()
            snapshot = following(self.snapshot, talk_id=self.talk_id, payload=payload)
            if snapshot is not None:
                built = time.monotonic()
                self.publish(snapshot)
                written = time.monotonic()
                self.write_s = written - built
                self.stages.wrote(
                    sockets=len(self.viewers),
                    seconds=written - built,
                    through_asgi=sum(viewer.wire is None for viewer in self.viewers),
                )
                self.stages.shown(
                    (row["id"] for row in payload["questions"]),
                    read=read,
                    read_done=read_done,
                    built=built,
                    written=written,
                )
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
        if decision == "approve":
            self.stages.receiving(arguments.get("question_id"))
        return self.decisions.add((decision, attendee, arguments))

    async def _write_decisions(self, decisions: list) -> list:
        outcomes = await _decide(questions.moderate_many, talk_id=self.talk_id, decisions=decisions)
        committed = time.monotonic()
        for (decision, _attendee, _arguments), outcome in zip(decisions, outcomes, strict=True):
            if decision == "approve" and isinstance(outcome, dict):
                self.approved = True
                self.stages.approved(outcome["question_id"], committed=committed)
        return outcomes

    def publish(self, snapshot: Snapshot) -> None:
        """Write a new snapshot to the local sockets, all in one go (yielding to the event loop
        between slices was measured slower: the audience's frames then wait behind every vote
        read meanwhile); those not reading are skipped (counted) and resynced once they read
        again."""
        self.snapshot = snapshot
        behind = self.behind
        gone = []
        for viewer in self.viewers:
            if viewer.take(snapshot):
                if viewer.closed:
                    gone.append(viewer)
                elif behind:
                    behind.discard(viewer)
            else:
                behind.add(viewer)
                self.stages.skipped += 1
        self._forget(gone)

    def resync(self) -> None:
        """Write the latest snapshot to the sockets skipped before, those reading again."""
        if not self.behind or self.snapshot is None:
            return
        gone = []
        for viewer in list(self.behind):
            if viewer.closed or viewer not in self.viewers:
                self.behind.discard(viewer)
            elif viewer.held == self.snapshot.version or viewer.take(self.snapshot):
                self.behind.discard(viewer)
                if viewer.closed:
                    gone.append(viewer)
                else:
                    self.stages.resynced += 1
        self._forget(gone)

    def _forget(self, gone: list) -> None:
        for viewer in gone:
            self.viewers.discard(viewer)
            self.behind.discard(viewer)

    async def read_captions(self) -> None:
        since = max(self.started_at, timezone.now() - timedelta(seconds=CAPTION_WINDOW_S))
        rows = await _read(captions.live_since, talk_id=self.talk_id, since=since)
        now = time.monotonic()
        for row in rows:
            if row["id"] in self.seen_captions:
                continue
            self.seen_captions[row["id"]] = now
            frame = sockets.frame("caption", None, row)
            self._write(send_message(frame), data=encode_text(frame))
        for cue_id in [
            i for i, at in self.seen_captions.items() if now - at > 3 * CAPTION_WINDOW_S
        ]:
            del self.seen_captions[cue_id]

    def _write(
        self, message: dict, *, kind: str | None = None, organizers_only=False, data=None
    ) -> None:
        gone = []
        for viewer in self.viewers:
            if organizers_only and not viewer.organizer:
                continue
            viewer.offer(message, kind=kind, data=data)
            if viewer.closed:
                gone.append(viewer)
        self._forget(gone)

    def welcome(self, viewer: Viewer) -> None:
        """A joining socket's first frames: the current snapshot, and the queue to an organizer."""
        if self.snapshot is not None and not viewer.take(self.snapshot):
            self.behind.add(viewer)
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
        room.behind.discard(viewer)
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
# snapshot, the queue and the votes never wait behind a burst of asks. A talk reads and
# writes two things at most at once here (its state, its votes); a Forum has a few stages live
# together.
_executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="forum-rooms")
_read = database_sync_to_async(_call, thread_sensitive=False, executor=_executor)
# The organizers' decisions on threads of their own: an approval never waits for a thread
# behind the votes and readings of every live talk.
_decisions_executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="forum-decisions")
_decide = database_sync_to_async(_call, thread_sensitive=False, executor=_decisions_executor)


_registries: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, TalkRooms]" = (
    weakref.WeakKeyDictionary()
)


def get_rooms() -> TalkRooms:
    loop = asyncio.get_running_loop()
    rooms = _registries.get(loop)
    if rooms is None:
        rooms = _registries[loop] = TalkRooms()
    return rooms
