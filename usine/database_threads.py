"""The sockets' database work, on a few threads of their own.

Channels' `database_sync_to_async` runs every call of a process on ONE thread. At the design
point (5,000 sockets on two workers: pupils' session bars opening, a passport ping from each
pupil every 15 s, 50 live rooms asking, voting and moderating) every call waited there behind
all the others' round trips to PostgreSQL: sockets took seconds to open and a moderator's
approval queued behind hundreds of pings. Here the calls run side by side on THREADS threads,
each holding a connection (from the pool) for the length of one call; services hold their own
transactions and row locks, so nothing relied on the calls taking turns.

Each call runs in a copy of its caller's context that is let go once it returns, as a request's
work is. asgiref would copy back into the caller's context what the call set up there — the
storage of Django's asgiref Locals (caches, URL resolvers, translations): ≈ 6 KB, held for as
long as a socket is open by every socket that reached the database once (measured with
tracemalloc on live room sockets; tests/test_database_threads.py).

A call whose caller is cancelled (a socket closing) still finishes before the cancellation
goes on (asgiref waits for it, and the caller for the call's task): cleanup that follows never
races the call it cancelled.
"""

import asyncio
import contextvars
import functools
from concurrent.futures import ThreadPoolExecutor

from channels.db import DatabaseSyncToAsync

# Below the connection pool's size (DATABASE_POOL_SIZE, 20), which the pages share.
THREADS = 8

_executor = ThreadPoolExecutor(max_workers=THREADS, thread_name_prefix="sockets-db")


def on_database_threads(function):
    """`function` (synchronous: the ORM, the cache) as a coroutine function run on the sockets'
    database threads, stale connections closed around each call as Channels does."""

    @functools.wraps(function)
    async def call(*args, **kwargs):
        # A context of the call's own (asgiref then copies nothing back: see above).
        running = DatabaseSyncToAsync(
            function,
            thread_sensitive=False,
            executor=_executor,
            context=contextvars.copy_context(),
        )(*args, **kwargs)
        # Awaited from a task of its own: asgiref clears its deadlock flag (a context variable)
        # in the context it is awaited from, which would keep a new mapping (≈ 470 bytes) for
        # as long as the caller's socket is open.
        return await asyncio.create_task(running, context=contextvars.copy_context())

    return call
