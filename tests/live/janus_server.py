"""A real Janus for the tests: the project's own configuration (deploy/janus/, rendered by
scripts/janus.sh) on free loopback ports, started in the foreground and stopped at the end.

Also a minimal "browser-side" Janus client (signed token, no API secret), to check what a
browser holding a given configuration can and cannot do.
"""

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.tools import require
from usine.live.janus import VIDEOROOM, JanusServer

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class RunningJanus:
    process: subprocess.Popen
    bind_ip: str
    http_port: int
    ws_port: int
    api_secret: str
    admin_key: str
    token_secret: str
    log: Path

    @property
    def url(self) -> str:
        return f"http://{self.bind_ip}:{self.http_port}/janus"

    @property
    def ws_url(self) -> str:
        return f"ws://{self.bind_ip}:{self.ws_port}/"

    def server(self, **kwargs) -> JanusServer:
        return JanusServer(
            url=self.url, api_secret=self.api_secret, admin_key=self.admin_key, **kwargs
        )

    def settings(self) -> dict:
        """Django settings that point usine.live.conf at this Janus."""
        return {
            "JANUS_URL": self.url,
            "JANUS_API_SECRET": self.api_secret,
            "JANUS_ADMIN_KEY": self.admin_key,
            "JANUS_TOKEN_SECRET": self.token_secret,
            "JANUS_WS_PORT": str(self.ws_port),
        }


def free_port(ip: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((ip, 0))
        return sock.getsockname()[1]


def start_janus(
    workdir: Path,
    *,
    bind_ip: str = "127.0.0.1",
    http_port: int | None = None,
    ws_port: int | None = None,
    prefix: tuple[str, ...] = (),
) -> RunningJanus:
    """Renders the project's configuration into `workdir` and starts Janus with it.

    `prefix` runs Janus under another command (e.g. `ip netns exec NAME`)."""
    janus = require("janus")
    workdir.mkdir(parents=True, exist_ok=True)
    running = RunningJanus(
        process=None,  # type: ignore[arg-type]
        bind_ip=bind_ip,
        http_port=http_port or free_port(),
        ws_port=ws_port or free_port(),
        api_secret=secrets.token_urlsafe(24),
        admin_key=secrets.token_urlsafe(24),
        token_secret=secrets.token_urlsafe(24),
        log=workdir / "janus.log",
    )
    env = {
        **os.environ,
        "USINE_DATA_DIR": str(workdir),
        "JANUS_BIND_IP": bind_ip,
        "JANUS_HTTP_PORT": str(running.http_port),
        "JANUS_WS_PORT": str(running.ws_port),
        "JANUS_API_SECRET": running.api_secret,
        "JANUS_ADMIN_KEY": running.admin_key,
        "JANUS_TOKEN_SECRET": running.token_secret,
    }
    config = workdir / "config"
    subprocess.run([ROOT / "scripts" / "janus.sh", "render", config], env=env, check=True)
    with running.log.open("wb") as log:
        running.process = subprocess.Popen(
            [*prefix, janus, "-F", str(config), "--disable-colors"],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if running.process.poll() is not None:
            raise RuntimeError(f"Janus exited: {running.log.read_text()[-2000:]}")
        if answers(running, prefix=prefix):
            return running
        time.sleep(0.1)
    stop_janus(running)
    raise RuntimeError(f"Janus did not answer within 15 s: {running.log.read_text()[-2000:]}")


def answers(running: RunningJanus, *, prefix: tuple[str, ...] = ()) -> bool:
    if prefix:  # in another network namespace: ask from there
        result = subprocess.run(
            [*prefix, "curl", "-fsS", "--max-time", "1", f"{running.url}/info"],
            capture_output=True,
        )
        return result.returncode == 0
    try:
        with urllib.request.urlopen(f"{running.url}/info", timeout=1):
            return True
    except OSError:
        return False


def stop_janus(running: RunningJanus) -> None:
    process = running.process
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=8)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


@pytest.fixture(scope="session")
def janus_server(tmp_path_factory):
    running = start_janus(tmp_path_factory.mktemp("janus"))
    yield running
    stop_janus(running)


class BrowserSession:
    """What a browser does with Janus, over HTTP: a token, never the API secret."""

    def __init__(self, url: str, token: str):
        self.url = url
        self.token = token
        self.session = self.post("", {"janus": "create"})["data"]["id"]

    def post(self, path: str, body: dict) -> dict:
        body = {**body, "transaction": secrets.token_hex(6), "token": self.token}
        request = urllib.request.Request(
            self.url + path, data=json.dumps(body).encode(), method="POST"
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            answer = json.load(response)
        if answer.get("janus") == "error":
            raise PermissionError(answer["error"]["code"], answer["error"]["reason"])
        return answer

    def attach(self) -> int:
        return self.post(f"/{self.session}", {"janus": "attach", "plugin": VIDEOROOM})["data"]["id"]

    def message(self, handle: int, body: dict) -> dict:
        return self.post(f"/{self.session}/{handle}", {"janus": "message", "body": body})

    def next_event(self, timeout: float = 10) -> dict:
        """The next asynchronous event of the session (Janus's long poll)."""
        query = urllib.parse.urlencode({"maxev": 1, "token": self.token})
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with urllib.request.urlopen(f"{self.url}/{self.session}?{query}", timeout=35) as r:
                event = json.load(r)
            if event.get("janus") != "keepalive":
                return event
        raise TimeoutError("no event from Janus")

    def join_as_publisher(self, *, room: int, pin: str, token: str | None) -> dict:
        """Joins a room as a publisher and returns the VideoRoom's answer (joined or error)."""
        handle = self.attach()
        body = {"request": "join", "ptype": "publisher", "room": room, "pin": pin}
        if token is not None:
            body["token"] = token
        assert self.message(handle, body)["janus"] == "ack"
        while True:
            event = self.next_event()
            if event.get("sender") == handle and "plugindata" in event:
                return event["plugindata"]["data"]
