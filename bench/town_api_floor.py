"""The town API benchmark's floor: the bytes the fair answers to GET /api/town (status, headers
and gzip body captured from it in the same run), served by a bare ASGI application on the same
uvicorn. bench/town_api.py starts it with BENCH_RESPONSE naming the captured response's file
(JSON: {"headers": [[name, value], …], "body": base64}).

What the fair costs beyond it is Django, its middleware and the cache read of the town JSON."""

import base64
import json
import os

with open(os.environ["BENCH_RESPONSE"]) as saved:
    _response = json.load(saved)
HEADERS = [(name.encode(), value.encode()) for name, value in _response["headers"]]
BODY = base64.b64decode(_response["body"])


async def application(scope, receive, send):
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    # Every path answers the town: /healthz too, which bench/_server.py polls until it is up.
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})
