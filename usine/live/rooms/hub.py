"""The process-local room hub: each room event is encoded once and written to the local sockets.

Why not Channels' `group_send` to a consumer per socket: measured on these machines
(`shared/notes/fanout.md`), that path costs ≈ 150 µs of CPU per delivery and silently drops
25-58 % of the messages at 1,000 sockets x 10 messages/s. Here a process holds, per room, the
ASGI `send` of its local sockets in two sets (moderators, everyone) and writes the one pre-encoded
frame to each: ≈ 10 µs per delivery. Processes meet through ONE subscription per process and room
(`transports`): Redis pub/sub, or a channel-layer group holding one channel per process.

No loss, no duplicate, in order: events carry the room's gapless sequence number (`seq`, taken
under the room's row lock and committed before the broadcast). A local room passes events on in
`seq` order only; one that skips a number waits for it, and fetches it from the database if it
does not come (a lost pub/sub message, a crashed publisher) — the same gap fill the hub's
watchdog runs every few seconds for a lost last message (one read for all the process's rooms:
at 50 rooms a process, one query a round instead of fifty). A joining socket buffers the live
events until its client's `sync` has replayed the stored events up to the room's `seq` at join,
so the two meet exactly.
"""

import asyncio
import contextlib
import logging
import weakref

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from usine.fanout import Outlet, finish, send_message, spawn

from .store import last_seq, last_seqs, stored_events
from .transports import transport_factory

logger = logging.getLogger(__name__)

MODERATORS = "moderators"
# A client that does not send `sync` within this delay gets the live events from its join on.
SYNC_GRACE_S = 5.0
HEAL_INTERVAL_S = 5.0
# Without its subscription (Redis out of reach), a room reads the database this often instead.
UNSUBSCRIBED_HEAL_S = 1.0
# An empty room keeps its subscription this long: a class reconnecting at once re-joins it.
RELEASE_AFTER_S = 15.0


# --- Sockets ------------------------------------------------------------------------------------


class Socket(Outlet):
    """One WebSocket of a room in this process (its writes: `usine.fanout.Outlet`)."""

    __slots__ = ("buffer", "grace", "join_seq", "moderator", "room")

    def __init__(self, room, send, *, moderator: bool):
        super().__init__(send)
        self.room = room
        self.moderator = moderator
        # Live frames held back until the client's sync has replayed what came before.
        self.buffer: list[dict] | None = []
        self.join_seq = 0
        self.grace: asyncio.TimerHandle | None = None

    def deliver(self, message: dict) -> None:
        if self.buffer is not None:
            self.buffer.append(message)
        else:
            self.push(message)

    def go_live(self) -> None:
        if self.grace is not None:
            self.grace.cancel()
            self.grace = None
        held, self.buffer = self.buffer, None
        for message in held or ():
            self.push(message)

    def describe(self) -> str:
        return f"live room {self.room.room_id}"


# --- Rooms --------------------------------------------------------------------------------------


class LocalRoom:
    """A room as seen by this process: its local sockets and the last event passed on."""

    def __init__(self, hub: "RoomHub", room_id: int):
        self.hub = hub
        self.room_id = room_id
        self.everyone: set[Socket] = set()
        self.moderators: set[Socket] = set()
        self.last_seq: int | None = None  # unknown until the database says
        self.ready = asyncio.Event()
        self.stash: dict[int, tuple[str, str]] = {}
        self.filling: asyncio.Task | None = None
        self.release: asyncio.TimerHandle | None = None
        self.subscribed = False

    def __len__(self):
        return len(self.everyone) + len(self.moderators)

    def add(self, socket: Socket) -> None:
        (self.moderators if socket.moderator else self.everyone).add(socket)

    def discard(self, socket: Socket) -> None:
        self.moderators.discard(socket)
        self.everyone.discard(socket)

    def deliver(self, seq: int, audience: str, frame: str) -> None:
        """An event from a publisher, in any order, possibly twice."""
        if self.last_seq is not None and seq <= self.last_seq:
            return
        if self.last_seq is not None and seq == self.last_seq + 1 and not self.stash:
            self._fan_out(seq, audience, frame)
            return
        self.stash[seq] = (audience, frame)
        if self.last_seq is not None:
            self._pass_stash()
            if self.stash:
                self.fill()

    def _pass_stash(self) -> None:
        while self.last_seq + 1 in self.stash:
            audience, frame = self.stash.pop(self.last_seq + 1)
            self._fan_out(self.last_seq + 1, audience, frame)
        for seq in [s for s in self.stash if s <= self.last_seq]:
            del self.stash[seq]

    def _fan_out(self, seq: int, audience: str, frame: str) -> None:
        self.last_seq = seq
        message = send_message(frame)
        gone = []
        groups = (self.moderators,) if audience == MODERATORS else (self.everyone, self.moderators)
        for sockets in groups:
            for socket in sockets:
                if socket.buffer is None and socket.backlog is None and not socket.closed:
                    # The common case, inlined (it runs 50,000 times a second at 1,000 sockets
                    # and 50 events/s): the write completes without suspending.
                    coro = socket.send(message)
                    try:
                        waiting_for = coro.send(None)
                    except StopIteration:
                        continue
                    except Exception:
                        socket.closed = True
                        gone.append(socket)
                        continue
                    socket.wait_for(finish(coro, waiting_for))
                else:
                    socket.deliver(message)
                    if socket.closed:
                        gone.append(socket)
        for socket in gone:
            self.discard(socket)

    def fill(self, upto: int | None = None) -> None:
        """Fetch the missing events from the database (a gap before the stash, or up to `upto`)."""
        if self.filling is None or self.filling.done():
            self.filling = asyncio.ensure_future(self._fill(upto))

    async def _fill(self, upto: int | None) -> None:
        while self.stash or (upto is not None and upto > self.last_seq):
            target = min(self.stash) - 1 if self.stash else upto
            if target > self.last_seq:
                rows = await stored_events(
                    room_id=self.room_id, after=self.last_seq, upto=target, moderator=True
                )
                for seq, audience, frame in rows:
                    if seq > self.last_seq:
                        self._fan_out(seq, audience, frame)
                # Events deleted with purged pupils leave holes in the sequence: skip them.
                self.last_seq = max(self.last_seq, target)
            self._pass_stash()
            if upto is not None and upto <= self.last_seq:
                upto = None

    async def start(self) -> None:
        await self.subscribe()
        self.last_seq = await last_seq(room_id=self.room_id)
        self._pass_stash()
        if self.stash:
            self.fill()
        self.ready.set()
        self.hub.watch()

    async def subscribe(self) -> None:
        """Hear the other processes' events. Without the transport (Redis restarting) the room
        still opens: the watchdog reads the database every second and subscribes again."""
        try:
            await self.hub.transport.subscribe(self.room_id)
        except Exception as error:
            if not _unreachable(error):
                raise
            logger.warning("live room %s: cannot subscribe yet (%s)", self.room_id, error)
            self.subscribed = False
        else:
            self.subscribed = True

    def caught_up(self, stored: int) -> None:
        """The room's last stored event is `stored`: fetch what did not come."""
        if self.last_seq is not None and stored > self.last_seq:
            self.fill(upto=stored)

    async def stop(self) -> None:
        if self.filling is not None:
            self.filling.cancel()
        with contextlib.suppress(Exception):
            await self.hub.transport.unsubscribe(self.room_id)


class RoomHub:
    """The rooms of this process (one hub per event loop)."""

    def __init__(self, transport_factory):
        self.rooms: dict[int, LocalRoom] = {}
        self.transport = transport_factory(self)
        self.watchdog: asyncio.Task | None = None

    async def join(self, room_id: int, *, send, moderator: bool) -> Socket:
        """Register a socket; it holds live events back until `sync` (or SYNC_GRACE_S)."""
        room = self.rooms.get(room_id)
        if room is None:
            room = self.rooms[room_id] = LocalRoom(self, room_id)
            try:
                await room.start()
            except BaseException:
                self.rooms.pop(room_id, None)
                room.ready.set()
                raise
        await room.ready.wait()
        if self.rooms.get(room_id) is not room:
            raise ConnectionError("the room could not subscribe")
        if room.release is not None:
            room.release.cancel()
            room.release = None
        socket = Socket(room, send, moderator=moderator)
        socket.join_seq = room.last_seq
        socket.grace = asyncio.get_running_loop().call_later(SYNC_GRACE_S, socket.go_live)
        room.add(socket)
        return socket

    def leave(self, socket: Socket) -> None:
        socket.closed = True
        if socket.grace is not None:
            socket.grace.cancel()
        room = socket.room
        room.discard(socket)
        if not room and room.release is None and self.rooms.get(room.room_id) is room:
            room.release = asyncio.get_running_loop().call_later(
                RELEASE_AFTER_S, lambda: spawn(self._release(room))
            )

    async def _release(self, room: LocalRoom) -> None:
        room.release = None
        if room or self.rooms.get(room.room_id) is not room:
            return
        del self.rooms[room.room_id]
        await room.stop()

    async def replay(self, socket: Socket, after: int) -> int:
        """Write the stored events in (after, join] the socket may see; how many."""
        rows = await stored_events(
            room_id=socket.room.room_id,
            after=after,
            upto=socket.join_seq,
            moderator=socket.moderator,
        )
        for _seq, _audience, frame in rows:
            socket.push(send_message(frame))
        return len(rows)

    def watch(self) -> None:
        """Run the watchdog while the process has rooms."""
        if self.watchdog is None or self.watchdog.done():
            self.watchdog = asyncio.ensure_future(self._heal())

    async def _heal(self) -> None:
        """Catch up on events whose broadcast never came (nothing later reveals the gap), and
        subscribe again the rooms that could not (they read the database every second meanwhile)."""
        while self.rooms:
            unsubscribed = any(not room.subscribed for room in self.rooms.values())
            await asyncio.sleep(UNSUBSCRIBED_HEAL_S if unsubscribed else HEAL_INTERVAL_S)
            for room in list(self.rooms.values()):
                if not room.subscribed:
                    await room.subscribe()
            await self._catch_up()

    async def _catch_up(self) -> None:
        rooms = [room for room in self.rooms.values() if room.last_seq is not None]
        if not rooms:
            return
        try:
            stored = await last_seqs(room_ids=[room.room_id for room in rooms])
        except Exception:
            logger.exception("live rooms: cannot read their last events")
            return
        for room in rooms:
            room.caught_up(stored.get(room.room_id) or 0)

    def catch_up(self) -> None:
        """Have every room fetch from the database what its transport may have missed."""
        spawn(self._catch_up())

    def deliver(self, room_id: int, seq: int, audience: str, frame: str) -> None:
        room = self.rooms.get(room_id)
        if room is not None:
            room.deliver(seq, audience, frame)

    async def publish(self, events) -> None:
        """Broadcast stored events: to this process's sockets at once, then to the others."""
        for event in events:
            self.deliver(event.room_id, event.seq, event.audience, event.frame)
        for event in events:
            try:
                await self.transport.publish(event)
            except Exception as error:
                if not _unreachable(error):
                    raise
                # Stored already: the other processes' rooms read it from the database (their
                # watchdogs), so the member who acted is answered as usual.
                logger.warning("live room %s: event %s not broadcast (%s)", event.room_id,
                               event.seq, error)  # fmt: skip

    async def close(self) -> None:
        if self.watchdog is not None:
            self.watchdog.cancel()
        for room in list(self.rooms.values()):
            await room.stop()
        self.rooms.clear()
        await self.transport.close()


def _unreachable(error: BaseException) -> bool:
    """Whether the transport failed for want of its server (Redis restarting, a network cut)."""
    return isinstance(error, RedisConnectionError | RedisTimeoutError | ConnectionError | OSError)


_hubs: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, RoomHub]" = weakref.WeakKeyDictionary()


def get_hub() -> RoomHub:
    """This process's hub (one per event loop: tests run a loop each)."""
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None:
        hub = _hubs[loop] = RoomHub(transport_factory())
    return hub
