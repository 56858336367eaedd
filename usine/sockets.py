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
exactly, more than MAX_FRAME_CHARS characters) raises MalformedFrame; `FrameConsumer` answers it,
an unknown action or a handler that fails with an error frame, and the socket stays open.
"""

import json
import logging
from collections.abc import Awaitable, Callable
from typing import ClassVar, NamedTuple

from channels.generic.websocket import AsyncWebsocketConsumer
from django.utils.translation import gettext as _

from usine.inputs import clean_strings

logger = logging.getLogger(__name__)

MAX_FRAME_CHARS = 4096
MAX_ID_CHARS = 64
# Integers a browser holds exactly (Number.MAX_SAFE_INTEGER); beyond, the client could not have
# meant the number it sent, and the database could not store it.
MAX_SAFE_INTEGER = 2**53 - 1

# Close codes that tell the page not to reconnect (frontend/src/socket.js knows them too).
CLOSE_NOT_FOUND = 4404  # no such socket for this visitor: a room or class that is not theirs
CLOSE_RELEASED = 4409  # the teacher freed the pupil's pseudonym


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
    except (ValueError, RecursionError):  # RecursionError: arrays nested thousands deep
        raise MalformedFrame() from None
    if not _encodable(value):
        raise MalformedFrame()
    if not isinstance(value, list) or len(value) != 3:
        raise MalformedFrame()
    action, frame_id, payload = value
    if not _valid_id(frame_id):
        raise MalformedFrame()
    if not isinstance(action, str) or not isinstance(payload, dict):
        raise MalformedFrame(frame_id)
    # Text from a socket is cleaned like text from a form (NUL and controls out, NFKC).
    return Frame(action, frame_id, clean_strings(payload))


# --- Dispatch -----------------------------------------------------------------------------------

Handler = Callable[["FrameConsumer", object, dict], Awaitable[None]]


class FrameConsumer(AsyncWebsocketConsumer):
    """A socket that speaks frames: each client frame is parsed and handed to the handler of its
    action in `handlers` (`{action: async def handler(self, frame_id, payload)}`, defined in the
    subclass's body); whatever goes wrong comes back as an error frame and the socket goes on."""

    handlers: ClassVar[dict[str, Handler]] = {}
    name = "socket"  # in the log, with the scope's path

    def admitted(self) -> bool:
        """Whether this socket's frames are read (False once it was turned away)."""
        return True

    async def reply(self, text: str) -> None:
        await self.send(text_data=text)

    async def receive(self, text_data=None, bytes_data=None):
        if not self.admitted():
            return
        try:
            action, frame_id, payload = parse(text_data)
        except MalformedFrame as malformed:
            await self.reply(
                error(
                    malformed.frame_id,
                    "malformed",
                    _("Trame illisible : on attend [action, id, {…}] en JSON."),
                )
            )
            return
        handler = self.handlers.get(action)
        if handler is None:
            await self.reply(error(frame_id, "unknown_action", _("Action inconnue.")))
            return
        try:
            await handler(self, frame_id, payload)
        except OSError:  # the ASGI server says the client is gone (uvicorn: ClientDisconnected)
            return
        except Exception:
            logger.exception("%s %s: %s failed", self.name, self.scope.get("path"), action)
            await self.reply(error(frame_id, "server_error", _("Erreur du serveur, réessaie.")))
