"""Requests written together: what comes while one batch is written waits for the next, and
each requester is told its own outcome.

A room's requests (a Forum talk's votes and decisions, a live exchange's questions, votes and
moderation) arrive by the dozen a second in one process; written one by one, each holds a
database thread and waits for the others on the room's row lock. Gathered here, a process writes
one batch at a time per room, in the order the requests came, by one call off the event loop.
"""

import asyncio

from usine.fanout import spawn


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
