"""Starts what a benchmark measures: a throwaway data folder, optionally PostgreSQL, the demo
edition and a real uvicorn server on a free loopback port. Everything stops with the context."""

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def postgres():
    """A throwaway PostgreSQL cluster (scripts/postgres.sh); yields its URL."""
    folder = tempfile.mkdtemp(prefix="usine-bench-pg-")
    url = subprocess.run(
        [ROOT / "scripts" / "postgres.sh", "start", folder, str(free_port())],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    try:
        yield url
    finally:
        subprocess.run([ROOT / "scripts" / "postgres.sh", "stop", folder], check=False)


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def prepared_env(*, database_url: str | None = None, **extra: str) -> dict:
    """A data folder with the migrated database, the demo edition (no videos) and static files."""
    env = {**os.environ, "USINE_DATA_DIR": tempfile.mkdtemp(prefix="usine-bench-"), **extra}
    if database_url:
        env["DATABASE_URL"] = database_url
    manage(env, "migrate", "--no-input")
    manage(env, "load_demo", "--no-videos")
    manage(env, "collectstatic", "--no-input")
    return env


@contextlib.contextmanager
def server(
    env: dict,
    *,
    cpus: str | None = None,
    workers: int = 1,
    log_path: str | None = None,
    app: str = "usine.asgi:application",
    **extra,
):
    """A uvicorn process serving `app` (the fair's, or a baseline's from bench/) on a free loopback
    port; yields its base URL.

    `cpus` pins the server to those cores (taskset), e.g. "0" to measure "one core"; `log_path`
    sends its output to a file (some benchmarks make the server log every refused request)."""
    port = free_port()
    pin = ["taskset", "-c", cpus] if cpus else []
    command = [*pin, sys.executable, "-m", "uvicorn", app,
               "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
               "--log-level", "warning", "--backlog", "4096", "--no-access-log",
               # the rest as scripts/run.sh starts the embedded fair
               "--no-server-header", "--ws-max-size", "65536", "--ws-per-message-deflate", "false",
               "--ws", "usine.ws_protocol:WebSocketProtocol"]  # fmt: skip
    log = open(log_path, "w") if log_path else None  # noqa: SIM115  (closed in finally)
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**env, **extra},
        stdout=log,
        stderr=subprocess.STDOUT if log else None,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90  # a loaded machine starts slowly
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    where = f", see {log_path}" if log_path else ""
                    raise RuntimeError(f"the server did not start{where}") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        if log:
            log.close()
