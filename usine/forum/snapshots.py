"""The audience's snapshot of a talk's questions as WebSocket frames, encoded once per process
and written as they are to every socket of the talk (`usine.forum.rooms`).

A snapshot has a version (the frame's id); each is sent either whole
    ["questions", v, {"talk", "questions": [{id, text, author, class, upvotes, pinned,
                      answered}…], "recent": [ids], "approved": n}]
or, to a socket that holds version v - 1, as what changed since (one delta shared by all):
    ["questions", v, {"talk", "base": v - 1, "changed": [{id, the fields that changed}…],
                      "removed": [ids], "recent": [ids] when it changed, "approved": n}]
A new question comes whole in "changed"; one whose votes moved comes as {"id", "upvotes"}. At 200
votes a second the delta is a tenth of the whole snapshot: 2,000 sockets read a few hundred bytes
each a second rather than ten kilobytes. A socket that missed a version (it joined, or it read
too slowly to be written to) gets the whole snapshot next.
"""

from dataclasses import dataclass

from usine import sockets
from usine.fanout import encode_text, send_message

ACTION = "questions"


@dataclass(frozen=True, slots=True)
class Snapshot:
    version: int
    payload: dict  # questions.snapshot()'s
    full: bytes  # the whole snapshot, framed
    full_message: dict  # the same, as an ASGI message (sockets without a `Wire`)
    delta: bytes | None  # what changed since version - 1, framed (None for the first)

    def frame_for(self, held: int) -> bytes:
        """What a socket holding version `held` (0: none) is written."""
        if self.delta is not None and held == self.version - 1:
            return self.delta
        return self.full


def following(previous: Snapshot | None, *, talk_id: int, payload: dict) -> Snapshot | None:
    """The snapshot after `previous` holding `payload`; None when nothing changed."""
    if previous is not None and previous.payload == payload:
        return None
    version = previous.version + 1 if previous is not None else 1
    text = sockets.frame(ACTION, version, {"talk": talk_id, **payload})
    delta = None
    if previous is not None:
        changes = changed(previous.payload, payload)
        delta = encode_text(
            sockets.frame(ACTION, version, {"talk": talk_id, "base": version - 1, **changes})
        )
    return Snapshot(version, payload, encode_text(text), send_message(text), delta)


def changed(before: dict, after: dict) -> dict:
    """What turns the payload `before` into `after` (the delta's body)."""
    rows = {row["id"]: row for row in before["questions"]}
    changes = []
    for row in after["questions"]:
        old = rows.pop(row["id"], None)
        if old is None:
            changes.append(row)
            continue
        fields = {name: value for name, value in row.items() if old.get(name) != value}
        if fields:
            changes.append({"id": row["id"], **fields})
    delta = {"changed": changes, "removed": list(rows), "approved": after["approved"]}
    if after["recent"] != before["recent"]:
        delta["recent"] = after["recent"]
    return delta
