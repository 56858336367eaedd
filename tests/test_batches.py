"""Requests written together: in order, one batch at a time, each requester told its own outcome."""

import asyncio

import pytest

from usine.batches import Batch


class Refused(Exception):
    pass


async def test_what_comes_during_a_write_goes_together_in_the_next_batch_in_order():
    written, release = [], asyncio.Event()

    async def write(items):
        written.append(list(items))
        if len(written) == 1:
            await release.wait()
        return [Refused(item) if item == "b" else item.upper() for item in items]

    batch = Batch(write)
    first = batch.add("a")
    await asyncio.sleep(0)  # the first batch is being written
    later = [batch.add(item) for item in ("b", "c")]
    release.set()

    assert await first == "A"
    with pytest.raises(Refused):
        await later[0]
    assert await later[1] == "C"
    assert written == [["a"], ["b", "c"]]
    assert batch.writer is None


async def test_a_failed_write_is_told_to_each_requester_and_the_next_batch_goes_on():
    calls = []

    async def write(items):
        calls.append(list(items))
        if len(calls) == 1:
            raise ConnectionError("the database restarting")
        return list(items)

    batch = Batch(write)
    failed = [batch.add(1), batch.add(2)]
    for future in failed:
        with pytest.raises(ConnectionError):
            await future
    assert await batch.add(3) == 3
    assert calls == [[1, 2], [3]]
