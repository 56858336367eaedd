"""The audience's snapshot as frames: whole, or what changed since the version before, read back
by a WebSocket client's parser."""

import json

from websockets.client import ClientProtocol
from websockets.protocol import State
from websockets.uri import parse_uri

from usine.forum.snapshots import following


def read(data: bytes):
    """The frame a browser reads from these bytes."""
    client = ClientProtocol(parse_uri("ws://fair.test/"), state=State.OPEN, max_size=None)
    client.receive_data(data)
    (frame,) = client.events_received()
    return json.loads(frame.data)


def question(pk, *, upvotes=0, pinned=False):
    return {
        "id": pk,
        "text": f"Question {pk} ?",
        "author": "Lina",
        "class": "",
        "upvotes": upvotes,
        "pinned": pinned,
        "answered": False,
    }


FIRST = {"questions": [question(1, upvotes=2), question(2)], "recent": [2, 1], "approved": 2}


def test_the_first_snapshot_is_sent_whole():
    first = following(None, talk_id=7, payload=FIRST)

    assert first.version == 1
    assert first.delta is None
    assert read(first.full) == ["questions", 1, {"talk": 7, **FIRST}]
    assert first.frame_for(0) == first.full
    assert json.loads(first.full_message["text"]) == read(first.full)


def test_an_unchanged_state_makes_no_snapshot():
    first = following(None, talk_id=7, payload=FIRST)

    assert following(first, talk_id=7, payload=json.loads(json.dumps(FIRST))) is None


def test_the_next_snapshot_carries_only_what_changed_to_sockets_holding_the_one_before():
    first = following(None, talk_id=7, payload=FIRST)
    after = {
        "questions": [question(1, upvotes=5), question(3, pinned=True)],
        "recent": [3, 1],
        "approved": 3,
    }
    second = following(first, talk_id=7, payload=after)

    assert second.version == 2
    assert read(second.delta) == [
        "questions",
        2,
        {
            "talk": 7,
            "base": 1,
            "changed": [{"id": 1, "upvotes": 5}, question(3, pinned=True)],
            "removed": [2],
            "approved": 3,
            "recent": [3, 1],
        },
    ]
    assert second.frame_for(1) == second.delta
    # A socket that missed version 1 (or holds none) gets it whole.
    assert second.frame_for(0) == second.full
    assert read(second.full) == ["questions", 2, {"talk": 7, **after}]


def test_votes_alone_leave_the_recent_list_out_of_the_delta():
    first = following(None, talk_id=7, payload=FIRST)
    votes = {**FIRST, "questions": [question(1, upvotes=3), question(2, upvotes=1)]}

    assert read(following(first, talk_id=7, payload=votes).delta)[2] == {
        "talk": 7,
        "base": 1,
        "changed": [{"id": 1, "upvotes": 3}, {"id": 2, "upvotes": 1}],
        "removed": [],
        "approved": 2,
    }
