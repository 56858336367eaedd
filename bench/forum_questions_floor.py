"""The Forum questions benchmark's floor: bare `websockets`, no Django, no database.

    .venv/bin/python bench/forum_questions_floor.py PORT

Speaks just enough of the Forum talk socket (usine/forum/consumers.py) for
bench/forum_questions.py: `question.ask` queues the question, the moderators get the queue and
everyone the snapshot of the same shape (most voted, latest approved) once a second, with
`websockets.broadcast`; `question.approve` and `question.upvote` change the state in memory.
What the frames cost to deliver: the floor of the fair's server CPU.
"""

import asyncio
import json
import sys

import websockets
from websockets.asyncio.server import broadcast, serve

TOP, RECENT = 20, 50


def dumps(frame) -> str:
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":"))


async def main(port: int) -> None:
    everyone, moderators = set(), set()
    questions: dict[int, dict] = {}
    approved: list[int] = []
    pending: list[int] = []

    def question(qid):
        q = questions[qid]
        return {"id": qid, "text": q["text"], "author": "Marc P.", "class": "",
                "upvotes": q["votes"], "pinned": False, "answered": False}  # fmt: skip

    async def tick():
        while True:
            await asyncio.sleep(1.0)
            top = sorted(approved, key=lambda qid: -questions[qid]["votes"])[:TOP]
            recent = approved[::-1][:RECENT]
            ids = list(dict.fromkeys(top + recent))
            snapshot = {"questions": [question(q) for q in ids], "recent": recent,
                        "approved": len(approved)}  # fmt: skip
            broadcast(everyone, dumps(["questions", None, {"talk": 1, **snapshot}]))
            queue = {"pending": [question(q) for q in pending], "approved": [],
                     "pending_count": len(pending)}  # fmt: skip
            broadcast(moderators, dumps(["queue", None, {"talk": 1, **queue}]))

    async def handler(socket):
        moderator = "moderator" in (socket.request.path or "")
        (moderators if moderator else everyone).add(socket)
        await socket.send(dumps(["me", None, {"role": "adult", "questions": [], "upvoted": []}]))
        try:
            async for text in socket:
                action, frame_id, payload = json.loads(text)
                if action == "question.ask":
                    qid = len(questions) + 1
                    questions[qid] = {"text": payload["text"], "votes": 0}
                    pending.append(qid)
                    await socket.send(dumps(["ack", frame_id, {"id": qid}]))
                elif action == "question.approve":
                    qid = payload["question_id"]
                    if qid in pending:
                        pending.remove(qid)
                        approved.append(qid)
                    await socket.send(dumps(["ack", frame_id, {"question_id": qid}]))
                elif action == "question.upvote":
                    qid = payload["question_id"]
                    questions[qid]["votes"] += 1
                    await socket.send(dumps(["ack", frame_id, {"question_id": qid}]))
                else:
                    await socket.send(dumps(["error", frame_id, {"code": "unknown_action"}]))
        except websockets.ConnectionClosed:
            pass
        finally:
            everyone.discard(socket)
            moderators.discard(socket)

    async with serve(handler, "127.0.0.1", port, compression=None, backlog=4096, max_queue=None):
        ticking = asyncio.create_task(tick())
        await asyncio.get_running_loop().create_future()
        ticking.cancel()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
