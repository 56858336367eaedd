"""The WebSocket protocol of every Usine socket (the live room, the pupil's session bar, the
teacher's console): one frame codec and one dispatcher.

A frame is a JSON array `[action, id, payload]`, encoded compactly in UTF-8:

- client → server: `[action, id, {…}]`, the id chosen by the client (a string of at most
  MAX_ID_CHARS characters, an integer or null) to match the answer;
- server → client: `["ack", id, {…}]` and `["error", id, {"code": …, "message": …, …}]` answer
  the client's frame `id`; other frames (`["event", seq, {"kind": …}]`, `["clock", null, {…}]`…)
  are pushed by the server.

A frame the codec cannot read (not text, not JSON, not a three-item array, a payload that is not
an object, an id of the wrong type, a number that is not finite or beyond what a browser counts
exactly, more than MAX_FRAME_CHARS characters, arrays and objects nested more than MAX_DEPTH
deep) raises MalformedFrame; the dispatcher (`answer`) answers it, an unknown action or a
handler that fails with an error frame, and the socket stays open. `FrameConsumer` is a Channels
consumer that speaks frames; the pupil's session bar and the live room's socket, the most
numerous, are plain ASGI apps with the same dispatcher (`usine.schools.consumers.session_bar`,
`usine.live.consumers.live_room`).

Whatever ends a socket — the client leaving, a handler raising past the dispatcher, the server
cancelling it — a socket cancels its background tasks and undoes what it set up (leave the room
hub, mark the member gone) in a `finally`. A browser session holds at most
MAX_SOCKETS_PER_SESSION sockets, a pupil's seat MAX_SOCKETS_PER_SEAT of each kind; the one past
is closed with CLOSE_TOO_MANY. `SameOriginValidator` lets a handshake in only from the page's own
origin (scheme, host and port).
"""

import asyncio
import contextlib
import contextvars
import json
import logging
import weakref
from collections.abc import Awaitable, Callable, Coroutine
from typing import ClassVar, NamedTuple
from urllib.parse import urlsplit

from channels.auth import AuthMiddleware, get_user
from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.http.cookie import parse_cookie
from django.http.request import split_domain_port, validate_host
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from usine.inputs import clean_strings
from usine.unavailable import unavailable_service

logger = logging.getLogger(__name__)

MAX_FRAME_CHARS = 4096
MAX_ID_CHARS = 64
# The frame is 1, its payload 2: every action reads flat payloads; nothing needs more than a few.
MAX_DEPTH = 8
# Integers a browser holds exactly (Number.MAX_SAFE_INTEGER); beyond, the client could not have
# meant the number it sent, and the database could not store it.
MAX_SAFE_INTEGER = 2**53 - 1

# Close codes that tell the page not to reconnect (frontend/src/socket.js knows them too).
CLOSE_NOT_FOUND = 4404  # no such socket for this visitor: a room or class that is not theirs
CLOSE_RELEASED = 4409  # the teacher freed the pupil's pseudonym
CLOSE_DISMISSED = 4410  # another professional now leads the live exchange
# Too many sockets for this browser session or pupil's seat (the page retries later, backing off).
CLOSE_TOO_MANY = 4429
# The database or Redis is out of reach at the handshake (the page retries, backing off).
CLOSE_TRY_AGAIN = 1013

# Sockets open at once, counted in this process (see `SocketCounts`).
MAX_SOCKETS_PER_SESSION = 10  # a teacher's console and live room in a few tabs; a pupil's 2 x 3
MAX_SOCKETS_PER_SEAT = 3  # per socket kind (the session bar, the live room): a few tabs
# Frames of one socket being answered in the background (`answer_later`) at once; past this,
# the socket's next frame is read only once one of them is answered.
MAX_IN_FLIGHT = 32


class MalformedFrame(ValueError):
    """A client frame that is not `[action, id, {…}]`; `frame_id` is its id when readable."""

    def __init__(self, frame_id=None):
        super().__init__("malformed frame")
        self.frame_id = frame_id


class Frame(NamedTuple):
    action: str
    id: str | int | None
    payload: dict


# --- Encoding -----------------------------------------------------------------------------------


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def frame(action: str, frame_id=None, payload: dict | None = None) -> str:
    return dumps([action, frame_id, payload or {}])


def event(seq: int, kind: str, payload: dict) -> str:
    return frame("event", seq, {"kind": kind, **payload})


def ack(frame_id, payload: dict | None = None) -> str:
    return frame("ack", frame_id, payload)


def error(frame_id, code: str, message: str, **details) -> str:
    return frame("error", frame_id, {"code": code, "message": str(message), **details})


# --- Decoding -----------------------------------------------------------------------------------


def _not_finite(constant: str):
    raise ValueError(f"{constant} is not a JSON number")


def _safe_integer(digits: str) -> int:
    number = int(digits)
    if abs(number) > MAX_SAFE_INTEGER:
        raise ValueError("integer beyond what a browser counts exactly")
    return number


def _finite_float(digits: str) -> float:
    number = float(digits)
    if number in (float("inf"), float("-inf")):
        raise ValueError("number out of range")
    return number


def _valid_id(frame_id) -> bool:
    if frame_id is None:
        return True
    if isinstance(frame_id, bool) or not isinstance(frame_id, str | int):
        return False
    return len(str(frame_id)) <= MAX_ID_CHARS


def _encodable(value) -> bool:
    """False when a string holds a lone surrogate (`"\\ud800"`): valid JSON, but no UTF-8 text
    can carry it back to the browser, nor a database store it."""
    try:
        dumps(value).encode()
    except UnicodeEncodeError:
        return False
    return True


def _too_deep(value, limit: int = MAX_DEPTH) -> bool:
    """Whether arrays and objects nest more than `limit` deep (counted without recursion, so
    that nothing after the parser — cleaning, encoding — recurses deeper than this)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in item)
    return False


def parse(text: str | None) -> Frame:
    """The `(action, id, payload)` of a client frame, or MalformedFrame (with the id if valid)."""
    if not isinstance(text, str) or len(text) > MAX_FRAME_CHARS:
        raise MalformedFrame()
    try:
        value = json.loads(
            text,
            parse_constant=_not_finite,
            parse_int=_safe_integer,
            parse_float=_finite_float,
        )
    except (ValueError, RecursionError):  # RecursionError: arrays nested a thousand deep
        raise MalformedFrame() from None
    too_deep = _too_deep(value)
    if not isinstance(value, list) or len(value) != 3:
        raise MalformedFrame()
    action, frame_id, payload = value
    if not _valid_id(frame_id) or not _encodable(frame_id):
        raise MalformedFrame()
    if too_deep:
        raise MalformedFrame(frame_id)
    if not _encodable(value):
        raise MalformedFrame()
    if not isinstance(action, str) or not isinstance(payload, dict):
        raise MalformedFrame(frame_id)
    # Text from a socket is cleaned like text from a form (NUL and controls out, NFKC).
    return Frame(action, frame_id, clean_strings(payload))


# --- Origin -------------------------------------------------------------------------------------

_DEFAULT_PORTS = {"http": 80, "https": 443}


def _authority(netloc: str) -> tuple[str, int | None] | None:
    """(host, port) of `host[:port]`, or None when it is anything else."""
    if not netloc or "@" in netloc or any(char in netloc for char in "/?#\\ "):
        return None
    try:
        parts = urlsplit("//" + netloc)
        return (parts.hostname or "", parts.port)
    except ValueError:  # a port that is not a number, or out of range
        return None


def _secure(scope, headers: dict[bytes, list[str]]) -> bool:
    if scope.get("scheme") == "wss":
        return True
    # Behind a proxy that ends TLS, as Django's request.is_secure() reads it.
    proxy = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy:
        name, expected = proxy
        name = name.removeprefix("HTTP_").replace("_", "-").lower().encode()
        values = headers.get(name)
        return bool(values) and values[0].split(",")[0].strip() == expected
    return False


def same_origin(scope) -> bool:
    """Whether the handshake's Origin is the origin the socket was opened on: https for wss and
    http for ws, the Host's name (one of ALLOWED_HOSTS) and port (explicit or the default)."""
    headers: dict[bytes, list[str]] = {}
    for name, value in scope.get("headers", ()):
        headers.setdefault(bytes(name).lower(), []).append(bytes(value).decode("latin1"))
    origins, hosts = headers.get(b"origin", []), headers.get(b"host", [])
    if len(origins) != 1 or len(hosts) != 1:
        return False
    scheme = "https" if _secure(scope, headers) else "http"
    try:
        origin = urlsplit(origins[0].strip())
    except ValueError:
        return False
    if origin.scheme.lower() != scheme or origin.path or origin.query or origin.fragment:
        return False
    from_origin, from_host = _authority(origin.netloc), _authority(hosts[0].strip())
    if from_origin is None or from_host is None:
        return False
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:  # as Django's own request.get_host()
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    domain, _port = split_domain_port(hosts[0].strip())
    if not domain or not validate_host(domain, allowed):
        return False
    default = _DEFAULT_PORTS[scheme]
    return (from_origin[0], from_origin[1] or default) == (from_host[0], from_host[1] or default)


class SameOriginValidator:
    """ASGI middleware: a WebSocket handshake from any other origin than the page's own (scheme,
    host and port, the host in ALLOWED_HOSTS), or without Origin or Host, is answered 403.

    Channels' AllowedHostsOriginValidator only checks the Origin's host is allowed: a page on
    http://fair:8000 or on another allowed host could open the fair's sockets with the
    visitor's cookies."""

    _asgi_single_callable = True  # asgiref's hint: ASGI 3, though __call__ is no coroutine

    def __init__(self, application):
        self.application = application

    def __call__(self, scope, receive, send):
        # Not a coroutine of its own: it hands over the application's, so no frame of this
        # middleware stays suspended for as long as each socket is open.
        if scope["type"] == "websocket" and not same_origin(scope):
            return WebsocketDenier()(scope, receive, send)
        return self.application(scope, receive, send)


class SocketRouter:
    """ASGI app: each socket handed to the app of the first route (`django.urls.path`) matching
    its path, the URL's values in the scope's `url_route` as Channels' URLRouter puts them; a
    path no route matches is answered 403 (URLRouter raised: a 500).

    Not URLRouter: it copies the scope for each socket and its coroutine stays suspended for as
    long as the socket is open (≈ 1 KB a socket, measured with tracemalloc). Here the server's
    scope takes `url_route`, and the app's coroutine is handed over (as SameOriginValidator)."""

    _asgi_single_callable = True  # asgiref's hint: ASGI 3, though __call__ is no coroutine

    def __init__(self, routes):
        self.routes = routes

    def __call__(self, scope, receive, send):
        path = scope["path"].removeprefix(scope.get("root_path", "")).lstrip("/")
        for route in self.routes:
            match = route.pattern.match(path)
            if match:
                _rest, args, kwargs = match
                scope["url_route"] = {"args": args, "kwargs": {**kwargs, **route.default_args}}
                return route.callback(scope, receive, send)
        return WebsocketDenier()(scope, receive, send)


def _header(scope, wanted: bytes, joiner: str) -> str:
    return joiner.join(
        bytes(value).decode("latin1")
        for name, value in scope.get("headers", ())
        if bytes(name).lower() == wanted
    )


def session_key(scope) -> str | None:
    """The browser session's key from the handshake's cookies, for a socket served without
    Channels' session middleware (which keeps a session object for the socket's whole life)."""
    return parse_cookie(_header(scope, b"cookie", "; ")).get(settings.SESSION_COOKIE_NAME) or None


def scope_language(scope) -> str:
    """The language of the page that opened the socket, chosen as LocaleMiddleware chooses a
    page's: the language menu's cookie, else the browser's languages, else the default."""
    chosen = parse_cookie(_header(scope, b"cookie", "; ")).get(settings.LANGUAGE_COOKIE_NAME)
    candidates = [chosen] if chosen else []
    accepted = _header(scope, b"accept-language", ",")
    candidates += [
        code for code, _quality in translation.trans_real.parse_accept_lang_header(accepted)
    ]
    for code in candidates:
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def session_store(session_key: str | None):
    """The browser session of this key (SESSION_ENGINE's store, read when first used), or None
    without a key."""
    if not session_key:
        return None
    return import_string(settings.SESSION_ENGINE + ".SessionStore")(session_key)


class UserMiddleware(AuthMiddleware):
    """Channels' AuthMiddleware (the user in the scope), its query run in a context of its own:
    asgiref would copy what the query set up (Django's Locals: caches, URL resolvers,
    translations; ≈ 4 KB) into the socket's context, held for as long as the socket is open."""

    async def resolve_scope(self, scope):
        scope["user"]._wrapped = await asyncio.create_task(
            get_user(scope), context=contextvars.copy_context()
        )


# --- Sockets per browser session and per seat -----------------------------------------------------


class SocketCounts:
    """The sockets this process holds open, by key (a browser session, a pupil's seat and socket
    kind): no more than a limit each.

    In process memory, as the room hub's sockets: a count can never outlive its socket (a process
    that dies takes its counts with it, where counters in the shared cache or database would stay
    up until they expire), taking and giving back cost nothing and no await comes between the
    check and the count. A session spread over W web processes may reach W times the limit:
    bounded still, and one browser's sockets mostly reach the same process."""

    def __init__(self):
        self.counts: dict[tuple, int] = {}

    def take(self, limits: dict[tuple, int]) -> bool:
        """Count one more socket under each key, unless one of them is at its limit."""
        if any(self.counts.get(key, 0) >= limit for key, limit in limits.items()):
            return False
        for key in limits:
            self.counts[key] = self.counts.get(key, 0) + 1
        return True

    def give_back(self, keys) -> None:
        for key in keys:
            left = self.counts.get(key, 0) - 1
            if left > 0:
                self.counts[key] = left
            else:
                self.counts.pop(key, None)

    def __getitem__(self, key) -> int:
        return self.counts.get(key, 0)


_counts: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, SocketCounts]" = (
    weakref.WeakKeyDictionary()
)


def socket_counts() -> SocketCounts:
    """This process's counts (one per event loop, as the room hub: tests run a loop each)."""
    loop = asyncio.get_running_loop()
    counts = _counts.get(loop)
    if counts is None:
        counts = _counts[loop] = SocketCounts()
    return counts


def take_socket(*, session_key: str | None, seat: tuple | None = None) -> tuple | None:
    """Count one more socket of a browser session (and, for a pupil, of its seat: the socket
    kind and the pupil's id); the keys to give back when it closes, or None when one of them is
    at its cap (the socket is then closed with CLOSE_TOO_MANY)."""
    limits = {}
    if session_key:
        limits[("session", session_key)] = MAX_SOCKETS_PER_SESSION
    if seat is not None:
        limits[("seat", *seat)] = MAX_SOCKETS_PER_SEAT
    if not socket_counts().take(limits):
        return None
    return tuple(limits)


def seat_sockets(kind: str, pupil_id: int) -> int:
    """How many sockets of this kind the pupil's seat holds open in this process."""
    return socket_counts()[("seat", kind, pupil_id)]


# --- Dispatch -----------------------------------------------------------------------------------

Handler = Callable[[object, object, dict], Awaitable[None]]


async def answer(text, *, handlers: dict[str, Handler], owner, reply, where: str) -> None:
    """Parse a client frame and run the handler of its action (`await handler(owner, id,
    payload)`); a frame it cannot read, an unknown action, a handler that fails are answered
    with an error frame through `reply`. An OSError (the client is gone) goes through."""
    try:
        action, frame_id, payload = parse(text)
    except Exception as malformed:  # MalformedFrame; anything else is a bug, logged
        if not isinstance(malformed, MalformedFrame):
            logger.exception("%s: cannot parse a frame", where)
        await reply(
            error(
                getattr(malformed, "frame_id", None),
                "malformed",
                _("Trame illisible : on attend [action, id, {…}] en JSON."),
            )
        )
        return
    handler = handlers.get(action)
    if handler is None:
        await reply(error(frame_id, "unknown_action", _("Action inconnue.")))
        return
    try:
        await handler(owner, frame_id, payload)
    except OSError:
        raise
    except Exception as failed:
        await refuse(frame_id, action, failed, reply=reply, where=where)


async def refuse(frame_id, action: str, failed: Exception, *, reply, where: str) -> None:
    """Answer a frame whose handler failed: the service unavailable, or a bug (logged)."""
    if unavailable_service(failed):
        # The database or Redis restarting: nothing was done, the client may send again.
        logger.warning("%s: %s: %s", where, action, failed)
        await reply(
            error(
                frame_id,
                "unavailable",
                _("Le salon reprend dans un instant : réessaie dans quelques secondes."),
            )
        )
        return
    logger.error("%s: %s failed", where, action, exc_info=failed)
    await reply(error(frame_id, "server_error", _("Erreur du serveur, réessaie.")))


async def cancel_tasks(tasks: list[asyncio.Task]) -> None:
    """Cancel a socket's background tasks and wait until each has ended (whatever it raised)."""
    for task in tasks:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task


class FrameConsumer(AsyncWebsocketConsumer):
    """A socket that speaks frames: each client frame is parsed and handed to the handler of its
    action in `handlers` (`{action: async def handler(self, frame_id, payload)}`, defined in the
    subclass's body); whatever goes wrong comes back as an error frame and the socket goes on.

    Subclasses start background work with `start()` and undo what `connect()` set up in
    `cleanup()`, not in `disconnect()`: cleanup runs once whatever ends the socket."""

    handlers: ClassVar[dict[str, Handler]] = {}
    name = "socket"  # in the log, with the scope's path

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tasks: list[asyncio.Task] = []
        self.in_flight: set[asyncio.Task] = set()
        self.counted: tuple = ()
        self.cleaned = False

    async def __call__(self, scope, receive, send):
        try:
            await super().__call__(scope, receive, send)
        finally:
            await self.clean_up()

    def admitted(self) -> bool:
        """Whether this socket's frames are read (False once it was turned away)."""
        return True

    async def dispatch(self, message):
        # Channels closes stale database connections before every message, on its one thread
        # for the database (`aclose_old_connections`): every frame of every socket then queued
        # on that thread, an organizer's decision behind a couple of hundred votes a second.
        # Frames skip it: their handlers reach the database through database_sync_to_async,
        # which closes them around each call itself. Connecting and leaving skip it too: run
        # through asgiref, it copied Django's Locals (≈ 2.7 KB) into the socket's context, held
        # for as long as the socket is open (tests/test_sockets.py).
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    def start(self, coroutine: Coroutine) -> asyncio.Task:
        """Run a background task for the socket's life: cancelled when the socket ends."""
        task = asyncio.ensure_future(coroutine)
        self.tasks.append(task)
        task.add_done_callback(self._forget)
        return task

    def _forget(self, task: asyncio.Task) -> None:
        with contextlib.suppress(ValueError):
            self.tasks.remove(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error(
                "%s %s: a background task failed",
                self.name,
                self.scope.get("path"),
                exc_info=task.exception(),
            )

    async def count_in(self, *, seat: tuple | None = None) -> bool:
        """Count this socket against its browser session's cap and, for a pupil, its seat's
        (`seat`: the socket kind and the pupil's id). Past one, close it with CLOSE_TOO_MANY
        and answer False (the socket was accepted: the close code reaches the page)."""
        session = self.scope.get("session")
        session_key = getattr(session, "session_key", None) if session is not None else None
        counted = take_socket(session_key=session_key, seat=seat)
        if counted is None:
            logger.info("%s %s: too many sockets", self.name, self.scope.get("path"))
            await self.close(code=CLOSE_TOO_MANY)
            return False
        self.counted = counted
        return True

    async def cleanup(self) -> None:
        """Undo what `connect()` set up (the socket's tasks are already cancelled)."""

    async def clean_up(self) -> None:
        """Once, whatever ended the socket: cancel its tasks, give back its counts, cleanup()."""
        if self.cleaned:
            return
        self.cleaned = True
        socket_counts().give_back(self.counted)
        self.counted = ()
        try:
            # Tasks first: a heartbeat must not mark the pupil seen after cleanup marked it gone.
            await cancel_tasks(list(self.tasks))
        finally:
            try:
                await self.cleanup()
            except Exception:
                logger.exception("%s %s: cleanup failed", self.name, self.scope.get("path"))

    async def reply(self, text: str) -> None:
        await self.send(text_data=text)

    async def receive(self, text_data=None, bytes_data=None):
        if not self.admitted():
            return
        try:
            await self.answer(text_data)
        except OSError:  # the ASGI server says the client is gone (uvicorn: ClientDisconnected)
            return

    async def answer(self, text_data) -> None:
        await answer(
            text_data, handlers=self.handlers, owner=self, reply=self.reply, where=self.where()
        )

    def where(self) -> str:
        """The socket, in the log."""
        return f"{self.name} {self.scope.get('path')}"

    async def answer_later(self, frame_id, action: str, answering: Coroutine) -> None:
        """Run `answering` (a handler's work that ends with its reply) in the background, so
        that the socket's next frames are read meanwhile: a vote or a moderator's decision that
        waits for its batch to be written holds nothing else back. What it raises is answered
        as a handler's failure. At most MAX_IN_FLIGHT at once: past that, wait for one."""
        if len(self.in_flight) >= MAX_IN_FLIGHT:
            await asyncio.wait(self.in_flight, return_when=asyncio.FIRST_COMPLETED)

        async def run():
            try:
                await answering
            except OSError:  # the client is gone
                return
            except Exception as failed:
                with contextlib.suppress(OSError):
                    await refuse(frame_id, action, failed, reply=self.reply, where=self.where())

        task = self.start(run())
        self.in_flight.add(task)
        task.add_done_callback(self.in_flight.discard)
