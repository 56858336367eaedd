"""The live video of a class session: its Janus room, and what each browser may do in it.

A room's id, secret and pin are derived from the session's key with a server-side secret, so
nothing needs storing: any web worker computes the same room, `ensure_room` is idempotent and
recreates the room after a restart of Janus (within `KNOWN_ROOM_SECONDS`: a process remembers for
that long the rooms it saw, since a class's 25 pupils open the page within seconds and asking
Janus costs four HTTP requests each time). The secret never leaves the server; the pin goes to
everyone allowed into the exchange (Janus asks it of subscribers too); only the professional and
the teacher get a publisher token; in the Forum, a talk's invited speaker in their studio.
"""

import hashlib
import hmac
import time
from dataclasses import dataclass, field
from enum import StrEnum

from . import conf, janus
from .janus import JanusError, JanusUnavailable
from .models import LiveRoom

__all__ = [
    "JanusError",
    "JanusRoom",
    "JanusUnavailable",
    "Role",
    "browser_config",
    "close_room",
    "ensure_room",
    "room_for",
    "room_key",
]


class Role(StrEnum):
    PROFESSIONAL = "professional"
    TEACHER = "teacher"
    PUPIL = "pupil"
    ORGANIZER = "organizer"
    # A Forum talk's invited speaker, in the studio of the talk's stage (usine/forum/studio.py).
    SPEAKER = "speaker"
    # Anyone watching a building's desk on camera (usine/desk/camera.py): watch only.
    VISITOR = "visitor"


# Who may send camera and microphone. Pupils never: their page does not even ask for them.
PUBLISHING_ROLES = frozenset({Role.PROFESSIONAL, Role.TEACHER, Role.SPEAKER})
KNOWN_ROOM_SECONDS = 20
# (Janus's URL, room id) → until when (time.monotonic()) the room is taken to exist.
_known_rooms: dict[tuple[str, int], float] = {}
# The professional, the teacher and one spare (a reconnecting tab is a new publisher for a while).
MAX_PUBLISHERS = 3


def room_key(room: LiveRoom) -> str:
    """The key of a live room's video in Janus (see `room_for`)."""
    return f"live-room-{room.pk}"


@dataclass(frozen=True)
class JanusRoom:
    key: str
    room_id: int
    pin: str = field(repr=False)
    secret: str = field(repr=False)


def room_for(*, room_key: str) -> JanusRoom:
    """The room of a class session, computed (not created): see `ensure_room`."""
    server_secret = conf.value("JANUS_API_SECRET").encode()
    digest = hashlib.sha256(f"usine-live-room:{room_key}".encode()).digest()
    # 48 bits: unique enough for a fair's few thousand sessions, and exact in JavaScript numbers.
    room_id = int.from_bytes(digest[:6], "big") or 1

    def derived(purpose: str) -> str:
        mac = hmac.new(server_secret, f"{purpose}:{room_id}".encode(), hashlib.sha256)
        return mac.hexdigest()[:32]

    return JanusRoom(key=room_key, room_id=room_id, pin=derived("pin"), secret=derived("secret"))


def ensure_room(*, room_key: str, **options) -> JanusRoom:
    """The room of a class session, created in Janus if it is not there yet. `options` go to
    `janus.create_room` (a Forum stage asks for H.264 and frequent keyframes).

    Raises JanusUnavailable when Janus does not answer, JanusError when it refuses.
    """
    room = room_for(room_key=room_key)
    server = conf.janus_server()
    known = (server.url, room.room_id)
    if _known_rooms.get(known, 0.0) > time.monotonic():
        return room
    if janus.room_exists(server=server, room_id=room.room_id):
        _remember(known)
        return room
    try:
        janus.create_room(
            server=server,
            room_id=room.room_id,
            secret=room.secret,
            pin=room.pin,
            description=f"Usine {room_key}",
            **{"publishers": MAX_PUBLISHERS, **options},
        )
    except JanusError as error:
        if error.code != janus.ROOM_EXISTS:  # another worker created it meanwhile: fine
            raise
    _remember(known)
    return room


def _remember(known: tuple[str, int]) -> None:
    if len(_known_rooms) >= 4096:  # a fair's sessions of a few days; past it, start over
        _known_rooms.clear()
    _known_rooms[known] = time.monotonic() + KNOWN_ROOM_SECONDS


def close_room(*, room_key: str) -> bool:
    """Ends the video of an exchange: destroys its room. False if there was none."""
    room = room_for(room_key=room_key)
    server = conf.janus_server()
    _known_rooms.pop((server.url, room.room_id), None)
    try:
        janus.destroy_room(server=server, room_id=room.room_id, secret=room.secret)
    except JanusError as error:
        if error.code == janus.NO_SUCH_ROOM:
            return False
        raise
    return True


def browser_config(*, role: Role | str, room: JanusRoom, display: str = "") -> dict:
    """What the browser of someone with this role gets to join the room's video (JSON-ready).

    Everyone gets a short-lived Janus token and the pin; a publishing role also gets a publisher
    token, added to the room's allowed list here (so this calls Janus). The room secret is never
    part of it.
    """
    role = Role(role)
    config = {
        "role": role.value,
        "room": room.room_id,
        "pin": room.pin,
        "token": janus.signed_token(
            secret=conf.token_secret(), expires_at=int(time.time()) + conf.token_ttl()
        ),
        "iceServers": conf.ice_servers(),
        "display": display[:60],
        "canPublish": role in PUBLISHING_ROLES,
        # The professional's camera starts with their page; the teacher's only on request.
        "publishOnLoad": role == Role.PROFESSIONAL,
    }
    if role in PUBLISHING_ROLES:
        token = janus.publisher_token()
        janus.allow_publishers(
            server=conf.janus_server(), room_id=room.room_id, secret=room.secret, tokens=[token]
        )
        config["publisherToken"] = token
    return config
