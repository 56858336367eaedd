"""The frames of the live room's WebSocket: JSON arrays `[action, id, payload]`.

Client → server: `[action, id, payload]` with an action of `consumers.HANDLERS` and an id the
client chooses (a string or a number) to match the answer.
Server → client: `["event", seq, {"kind": …, …}]` for a stored room event (`seq` is its id in the
room), `["ack", id, {…}]` and `["error", id, {"code": …, "message": …}]` answering the client's
frame `id`.
"""

import json

MAX_FRAME_CHARS = 4096


class MalformedFrame(ValueError):
    def __init__(self, frame_id=None):
        super().__init__("malformed frame")
        self.frame_id = frame_id


def dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def event(seq: int, kind: str, payload: dict) -> str:
    return dumps(["event", seq, {"kind": kind, **payload}])


def ack(frame_id, payload: dict | None = None) -> str:
    return dumps(["ack", frame_id, payload or {}])


def error(frame_id, code: str, message: str, **details) -> str:
    return dumps(["error", frame_id, {"code": code, "message": str(message), **details}])


def parse(text: str | None) -> tuple[str, object, dict]:
    """`(action, id, payload)` of a client frame, or MalformedFrame (with the id if readable)."""
    if text is None or len(text) > MAX_FRAME_CHARS:
        raise MalformedFrame()
    try:
        value = json.loads(text)
    except ValueError:
        raise MalformedFrame() from None
    if not isinstance(value, list) or len(value) != 3:
        raise MalformedFrame()
    action, frame_id, payload = value
    if frame_id is not None and (
        isinstance(frame_id, bool) or not isinstance(frame_id, str | int) or len(str(frame_id)) > 64
    ):
        raise MalformedFrame()
    if not isinstance(action, str) or not isinstance(payload, dict):
        raise MalformedFrame(frame_id)
    return action, frame_id, payload
