"""Names of the places a room's events travel through, in one module.

`hub` mode (the default): one subscription per process and room — a Redis pub/sub channel, or a
channel-layer group holding one channel per process. `group_send` mode (the stock Channels path,
kept as the benchmark's baseline): one channel-layer group per room and audience, one member per
socket.
"""


def room_pubsub_channel(room_id: int) -> str:
    """Redis pub/sub channel of a room (`hub` mode with Redis)."""
    return f"usine.live.room.{room_id}"


def room_process_group(room_id: int) -> str:
    """Channel-layer group of the processes serving a room (`hub` mode without Redis)."""
    return f"live.room.{room_id}.processes"


def room_socket_group(room_id: int, audience: str) -> str:
    """Channel-layer group of every socket of an audience of a room (`group_send` mode)."""
    return f"live.room.{room_id}.{audience}"
