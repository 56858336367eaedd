"""Who is in this process's live rooms, written for the consoles together, once per process.

Each room socket used to write its member seen when it opened and every HEARTBEAT_SECONDS on a
task of its own: at the design point (50 rooms of 30 pupils and their moderators) ≈ 100 writes
a second, each a trip to a database thread and a statement. Here the process counts the members
of its rooms by socket and, as the session bars do for the pupils' seats
(schools/session_bars.py):
- every HEARTBEAT_SECONDS, one write marks them all seen (`presence.mark_all`: the pupils' seats
  in one statement, the adults' RoomPresence rows in one upsert);
- a member who comes, or whose last socket here closed, is written as soon as the write under
  way is done, with everyone else who came or went meanwhile.
A member gone here stays seen if a socket in another process marked them seen since.
"""

import asyncio
import logging
import weakref
from collections import Counter

from usine.database_threads import on_database_threads
from usine.fanout import spawn

from .. import presence
from ..access import Member

logger = logging.getLogger(__name__)


class Attendance:
    """The members of this process's rooms (one per event loop), by (room id, member)."""

    def __init__(self):
        self.sockets: Counter[tuple[int, Member]] = Counter()
        # Waiting to be written: members who came (or are still here, at a heartbeat), members
        # whose last socket here closed.
        self.arriving: set[tuple[int, Member]] = set()
        self.leaving: set[tuple[int, Member]] = set()
        self.writing: asyncio.Future | None = None
        self.beat: asyncio.TimerHandle | None = None

    def arrive(self, room_id: int, member: Member) -> asyncio.Future:
        """A socket of this member opened in the room: seen with the next write (returned)."""
        key = (room_id, member)
        self.sockets[key] += 1
        self.leaving.discard(key)
        self.arriving.add(key)
        if self.beat is None:
            self.beat = asyncio.get_running_loop().call_later(
                presence.HEARTBEAT_SECONDS, self._heartbeat
            )
        return self._write()

    def leave(self, room_id: int, member: Member) -> asyncio.Future | None:
        """A socket of this member closed; when it was their last here, what writes them gone."""
        key = (room_id, member)
        self.sockets[key] -= 1
        if self.sockets[key] > 0:
            return None
        del self.sockets[key]
        self.arriving.discard(key)
        self.leaving.add(key)
        return self._write()

    def _heartbeat(self) -> None:
        if not self.sockets:
            self.beat = None
            return
        self.arriving.update(self.sockets)
        self._write()
        self.beat = asyncio.get_running_loop().call_later(
            presence.HEARTBEAT_SECONDS, self._heartbeat
        )

    def _write(self) -> asyncio.Future:
        if self.writing is None or self.writing.done():
            self.writing = spawn(self._run())
        return self.writing

    async def _run(self) -> None:
        while self.arriving or self.leaving:
            seen, gone = self.arriving, self.leaving
            self.arriving, self.leaving = set(), set()
            try:
                await on_database_threads(presence.mark_all)(seen=seen, gone=gone)
            except Exception:  # the database restarting: the next heartbeat writes them again
                logger.exception("live rooms: presence not written")

    async def close(self) -> None:
        if self.beat is not None:
            self.beat.cancel()
            self.beat = None
        if self.writing is not None:
            await asyncio.gather(self.writing, return_exceptions=True)


_attendances: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Attendance]" = (
    weakref.WeakKeyDictionary()
)


def get_attendance() -> Attendance:
    """This process's attendance (one per event loop: tests run a loop each)."""
    loop = asyncio.get_running_loop()
    attendance = _attendances.get(loop)
    if attendance is None:
        attendance = _attendances[loop] = Attendance()
    return attendance
