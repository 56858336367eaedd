"""Django's ASGI handler, each request's synchronous work on a thread kept from one request to
the next.

Django runs each request in a `ThreadSensitiveContext`: its views, middleware and signals on a
thread of its own (Django's connections are per thread). Left to asgiref, that thread is made
for the request and ended after it, and the event loop waits for both: `Thread.start` until the
new thread runs, and the end of the request starts a second thread to join the first. Each wait
needs the other threads to let go of the GIL, so under load the loop (every socket of the
process) stood still a few milliseconds twice per page: under the design point's load
(bench/design_point.py) py-spy found the loop waiting in `Thread.start` on ≈ 4 % of its samples.

Here a request borrows an idle single-thread executor (`ThreadSensitiveContext(executor=…)`,
which asgiref leaves running on exit) and gives it back when the request is done; the thread's
connections are closed at the end of each request as before (`close_old_connections`). As many
threads as requests at once, as before; at most IDLE_THREADS are kept waiting for the next ones.

asgiref's rule for such a context: a task started during the request (e.g. by `async_to_sync`
in a view) that outlives it may not make thread-sensitive calls afterwards (RuntimeError); what
runs on after a request (the room hub, the transports) reaches the database with
`thread_sensitive=False` (usine/database_threads.py), as every socket does.
"""

from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.core.handlers.asgi import ASGIHandler

# Requests in flight at once in a worker, beyond which a burst's extra threads end with it.
IDLE_THREADS = 16


class RequestThreads:
    """Idle single-thread executors, the most recently used first (its thread is warm)."""

    def __init__(self, *, keep: int = IDLE_THREADS):
        self.keep = keep
        self.idle: list[ThreadPoolExecutor] = []

    def take(self) -> ThreadPoolExecutor:
        if self.idle:
            return self.idle.pop()
        return ThreadPoolExecutor(max_workers=1, thread_name_prefix="request")

    def give_back(self, executor: ThreadPoolExecutor) -> None:
        if len(self.idle) < self.keep:
            self.idle.append(executor)
        else:
            executor.shutdown(wait=False)  # its thread ends by itself, the loop does not wait


class PooledThreadsHandler(ASGIHandler):
    """`ASGIHandler` whose requests run on threads borrowed from `RequestThreads`."""

    def __init__(self):
        super().__init__()
        self.threads = RequestThreads()

    def load_middleware(self, is_async=False):
        """The middleware chain built synchronous down to the view, whatever Django asks: the
        request goes to its thread once (`get_response_async`). Built for async, the chain went
        to the thread for the middleware, came back to the loop to resolve the URL, went to the
        thread again for the view (our views are all synchronous), and back twice."""
        super().load_middleware(is_async=False)

    async def get_response_async(self, request):
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await super().__call__(scope, receive, send)  # Django refuses it
        executor = self.threads.take()
        try:
            # Django's handler waits for every task of the request (the view's thread call
            # included, even when the client went away) before returning: the executor is idle.
            async with ThreadSensitiveContext(executor=executor):
                await self.handle(scope, receive, send)
        finally:
            self.threads.give_back(executor)
