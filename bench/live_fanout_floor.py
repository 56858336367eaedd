"""The live fan-out benchmark's floor: bare `websockets.broadcast` of the same frames.

    .venv/bin/python bench/live_fanout_floor.py PORT

A `websockets` server speaking just enough of the live room's protocol for bench/live_fanout.py:
`sync` is acknowledged (nothing to replay), a moderator's `question.approve` is acknowledged and
the fair's `question.approved` event frame (same shape and size, one encoding) is broadcast to
every socket. No database, no Django: what delivering the frames costs, the floor of the hub's
CPU per delivery.
"""

import asyncio
import datetime
import json
import sys

import websockets
from websockets.asyncio.server import broadcast, serve

TEXT = "Question {n} : combien vous gagnez en début de carrière ?"


def dumps(frame) -> str:
    """Compact JSON, as the fair's socket codec writes it (usine/sockets.py)."""
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":"))


async def main(port: int) -> None:
    sockets = set()
    seq = 0
    asked_at = datetime.datetime.now(datetime.UTC).isoformat()

    async def handler(socket):
        nonlocal seq
        sockets.add(socket)
        try:
            async for text in socket:
                action, frame_id, payload = json.loads(text)
                if action == "sync":
                    await socket.send(dumps(["ack", frame_id, {"replayed": 0}]))
                elif action == "question.approve":
                    question = payload["question_id"]
                    seq += 1
                    event = {
                        "kind": "question.approved",
                        "question": {
                            "id": question,
                            "text": TEXT.format(n=question),
                            "pseudonym": "Boulon 0-0",
                            "state": "approved",
                            "upvotes": 0,
                            "asked_at": asked_at,
                        },
                    }
                    broadcast(sockets, dumps(["event", seq, event]))
                    await socket.send(dumps(["ack", frame_id, {"question_id": question}]))
        except websockets.ConnectionClosed:
            pass
        finally:
            sockets.discard(socket)

    async with serve(handler, "127.0.0.1", port, compression=None, backlog=4096, max_queue=None):
        await asyncio.get_running_loop().create_future()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
