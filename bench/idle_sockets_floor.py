"""The idle sockets benchmark's floor: a bare `websockets` server holding the same sockets.

    .venv/bin/python bench/idle_sockets_floor.py PORT

Answers the session bar's `["ping", id, {}]` with `["pong", id, {now}]` and pings every socket
every 20 s (uvicorn's default, as the fair's workers do). No Django, no database, no heartbeat
write: what holding an idle socket costs in one Python process.
"""

import asyncio
import contextlib
import datetime
import json
import sys

from websockets.asyncio.server import serve
from websockets.exceptions import ConnectionClosed


async def main(port: int) -> None:
    async def handler(socket):
        await socket.send('["clock",null,{}]')
        # The bench's client drops its sockets without a closing handshake at the end.
        with contextlib.suppress(ConnectionClosed):
            async for text in socket:
                action, frame_id, _payload = json.loads(text)
                if action == "ping":
                    now = datetime.datetime.now(datetime.UTC).isoformat()
                    await socket.send(json.dumps(["pong", frame_id, {"now": now}]))

    async with serve(
        handler, "127.0.0.1", port, compression=None, ping_interval=20, max_size=65536
    ) as server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
