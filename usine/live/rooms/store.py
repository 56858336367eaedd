"""The hub's reads of stored room events (the services own the writes)."""

from channels.db import database_sync_to_async


@database_sync_to_async
def last_seq(*, room_id: int) -> int:
    from usine.live.questions import last_seq as read

    return read(room_id=room_id)


@database_sync_to_async
def stored_events(*, room_id: int, after: int, upto: int | None, moderator: bool):
    from usine.live.questions import stored_events as read

    return read(room_id=room_id, after=after, upto=upto, moderator=moderator)
