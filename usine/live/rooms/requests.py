"""A room's requests in this process, written together (`usine.batches.Batch`).

At the design point a room's thirty pupils ask and vote while its moderator approves. Sent one
by one to the database threads, each request took the room's row lock in turn while holding a
thread: a process's threads waited on a few rooms' locks and every other socket's work waited
for a thread. Here a process writes one batch per room at a time: the requests that came while
one was written go together in the next (`questions.handle_many`: one transaction, the room
locked once), in the order they came; the events are broadcast once committed, in order, then
each socket is answered its own outcome. A room waits on its lock for the other processes'
batches only.
"""

import asyncio
import weakref

from usine.batches import Batch
from usine.database_threads import on_database_threads

from .. import questions
from .hub import get_hub


class RoomRequests(Batch):
    def __init__(self, room_id: int):
        super().__init__(self._write_round)
        self.room_id = room_id

    async def _write_round(self, requests: list) -> list:
        handle_many = on_database_threads(questions.handle_many)
        outcomes = await handle_many(room_id=self.room_id, requests=requests)
        events = [
            event
            for outcome in outcomes
            if isinstance(outcome, questions.Outcome)
            for event in outcome.events
        ]
        if events:
            await get_hub().publish(events)
        return outcomes


# Per event loop (tests run a loop each), per room: kept while a socket of the room holds it.
_registries: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, weakref.WeakValueDictionary]" = (
    weakref.WeakKeyDictionary()
)


def room_requests(room_id: int) -> RoomRequests:
    """The room's requests in this process (hold it: it lives while someone does)."""
    loop = asyncio.get_running_loop()
    rooms = _registries.get(loop)
    if rooms is None:
        rooms = _registries[loop] = weakref.WeakValueDictionary()
    found = rooms.get(room_id)
    if found is None:
        found = rooms[room_id] = RoomRequests(room_id)
    return found
