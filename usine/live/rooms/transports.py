"""How a room's events reach the other processes: one subscription per process and room, through
the process's transport (`usine.transports`: Redis pub/sub when REDIS_URL is set, else the
channel layer with one channel per process in the room's group).

Either may lose a message: the hub's sequence numbers reveal the gap and it reads the event from
the database (and reads every room again after the transport's connection came back).
"""

from usine import transports


def room_topic(room_id: int) -> str:
    return f"live.room.{room_id}"


class RoomTransport:
    """The room hub's side of the process's transport: rooms in, events out."""

    def __init__(self, hub, transport_factory):
        self.hub = hub
        self.transport = transport_factory(self._deliver, resume=hub.catch_up)

    def _deliver(self, topic: str, data) -> None:
        room_id = int(topic.rsplit(".", 1)[1])
        seq, audience, frame = data
        self.hub.deliver(room_id, seq, audience, frame)

    async def subscribe(self, room_id: int) -> None:
        await self.transport.subscribe(room_topic(room_id))

    async def unsubscribe(self, room_id: int) -> None:
        await self.transport.unsubscribe(room_topic(room_id))

    async def publish(self, event) -> None:
        await self.transport.publish(
            room_topic(event.room_id), [event.seq, event.audience, event.frame]
        )

    async def close(self) -> None:
        await self.transport.close()


def transport_factory():
    factory = transports.transport_factory()
    return lambda hub: RoomTransport(hub, factory)
