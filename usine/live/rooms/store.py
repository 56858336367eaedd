"""The hub's reads of stored room events (the services own the writes)."""

from usine.database_threads import on_database_threads


@on_database_threads
def last_seq(*, room_id: int) -> int:
    from usine.live.questions import last_seq as read

    return read(room_id=room_id)


@on_database_threads
def last_seqs(*, room_ids) -> dict[int, int]:
    from usine.live.questions import last_seqs as read

    return read(room_ids=room_ids)


@on_database_threads
def stored_events(*, room_id: int, after: int, upto: int | None, moderator: bool):
    from usine.live.questions import stored_events as read

    return read(room_id=room_id, after=after, upto=upto, moderator=moderator)
