"""Real processes of the fair for tests that cross process boundaries: uvicorn serving the
project on the test's database, a private Redis, a private S3 server (SeaweedFS), and the
production form (nginx in front of several web workers on Unix sockets, configured by
`manage.py render_deploy --local`)."""

import ctypes
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests import database_run
from tests.tools import require

ROOT = Path(__file__).resolve().parents[1]
PR_SET_PDEATHSIG = 1  # prctl(2)


def killed_with_this_run() -> None:
    """`preexec_fn` of a server a test starts: SIGKILL when the test's process dies, even killed,
    so that a run stopped halfway leaves no server behind (from the main thread only: the signal
    comes when the thread that started it ends)."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The test database as a DATABASE_URL, for another process to use the same rows."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def process_env(
    data_dir: Path, *, settings_module: str = "tests.browser.live_video_settings", **extra: str
) -> dict[str, str]:
    """The environment of a fair process working on the test's database and data folder."""
    database_run.note("another process on the test's database")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": database_url(),
        "SECRET_KEY": settings.SECRET_KEY,
        "USINE_DATA_DIR": str(data_dir),
        **extra,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def server_caches(data_dir: Path) -> dict:
    """The CACHES of a fair process started with `process_env(data_dir)` (no Redis: the file
    cache in its data folder), for the test to change what that process caches."""
    location = str(data_dir / "cache")
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": location,
        }
    }


@contextmanager
def uvicorn_server(env: dict[str, str], log_path: Path):
    """uvicorn serving usine.asgi with `env`; yields its base URL and stops it afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "usine.asgi:application",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=log_path.open("wb"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    try:
        wait_for_socket(process, ("127.0.0.1", port), log_path, "uvicorn")
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


def wait_for_socket(process: subprocess.Popen, address, log_path: Path, name: str) -> None:
    """Waits until `address` (host and port, or a Unix socket's path) accepts connections."""
    deadline = time.monotonic() + 30
    family = socket.AF_UNIX if isinstance(address, Path) else socket.AF_INET
    while True:
        if process.poll() is not None:
            pytest.fail(f"{name} exited: {log_path.read_text()[-2000:]}")
        try:
            with socket.socket(family) as probe:
                probe.settimeout(0.5)
                probe.connect(str(address) if family == socket.AF_UNIX else address)
            return
        except OSError:
            if time.monotonic() > deadline:
                pytest.fail(f"{name} did not start: {log_path.read_text()[-2000:]}")
            time.sleep(0.1)


@dataclass
class ProductionForm:
    """nginx's address, and each web worker's socket and process (to pin a client to one
    worker, or to kill one)."""

    url: str
    sockets: list[Path]
    workers: list[subprocess.Popen]
    folder: Path


def worker_options(*, trusted: str = "*") -> list[str]:
    """uvicorn's options past the address, as scripts/run-production.sh and the systemd units
    give them (tests/test_production_form.py checks both): a worker under test is the one
    deployed, its `--backlog 4096` included. `trusted`: whose X-Forwarded-For it believes (any
    peer on a Unix socket only nginx reaches; the front nginx's address on an app host)."""
    return [
        "--proxy-headers", f"--forwarded-allow-ips={trusted}", "--backlog", "4096",
        "--log-level", "warning", "--no-server-header", "--ws-max-size", "65536",
        "--ws-per-message-deflate", "false", "--ws", "usine.ws_protocol:WebSocketProtocol",
    ]  # fmt: skip


WORKER_OPTIONS = worker_options()


def web_worker(env: dict[str, str], sock: Path, log_path: Path) -> subprocess.Popen:
    """One web worker as make run-production starts it (scripts/run-production.sh)."""
    sock.unlink(missing_ok=True)
    return subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "usine.asgi:application", "--uds", str(sock),
         *WORKER_OPTIONS],
        cwd=ROOT, env=env, stdout=log_path.open("ab"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip


@contextmanager
def production_form(env: dict[str, str], folder: Path, *, workers: int = 2):
    """nginx in front of `workers` uvicorn processes on Unix sockets, configured as by
    `make run-production`; yields a ProductionForm."""
    nginx = require("nginx")
    run_dir = folder / "run"
    run_dir.mkdir(parents=True)
    port = free_port()
    with ExitStack() as stack:
        processes = []
        for n in range(1, workers + 1):
            process = web_worker(env, run_dir / f"web-{n}.sock", folder / f"web-{n}.log")
            stack.callback(stop, process)
            processes.append(process)
        subprocess.run(
            [sys.executable, "manage.py", "render_deploy", "--local", "--out",
             str(folder / "nginx"), "--workers", str(workers), "--listen", f"127.0.0.1:{port}",
             "--run-dir", str(run_dir), "--nginx-user", "same"],
            cwd=ROOT, env=env, check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        log = folder / "nginx" / "error.log"
        front = subprocess.Popen(
            [nginx, "-p", str(folder / "nginx"), "-c", str(folder / "nginx" / "nginx.conf"),
             "-e", str(log)],
            stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        stack.callback(stop, front)
        sockets = [run_dir / f"web-{n}.sock" for n in range(1, workers + 1)]
        for n, (process, sock) in enumerate(zip(processes, sockets, strict=True), start=1):
            wait_for_socket(process, sock, folder / f"web-{n}.log", f"web worker {n}")
        wait_for_socket(front, ("127.0.0.1", port), log, "nginx")
        yield ProductionForm(f"http://127.0.0.1:{port}", sockets, processes, folder)


@contextmanager
def redis_server(folder: Path, *, address: str | None = None, config: Path | None = None):
    """A private Redis on a Unix socket in `folder`, or on TCP at `address` (for other network
    namespaces); yields its REDIS_URL (without a password). `config`: a redis.conf rendered for
    a deployment (its address, password…), the port and folders being the test's."""
    sock = folder / "redis.sock"
    port = free_port() if address else 0
    if config is not None:
        listen = [str(config)]
    elif address:
        listen = ["--bind", address, "--protected-mode", "no"]
    else:
        listen = []
    process = subprocess.Popen(
        [require("redis-server"), *listen, "--port", str(port), "--unixsocket", str(sock),
         "--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True,
        preexec_fn=killed_with_this_run,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while not sock.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail("redis-server did not start")
            time.sleep(0.05)
        yield f"redis://{address}:{port}/0" if address else f"unix://{sock}"
    finally:
        stop(process)


@contextmanager
def s3_server(folder: Path, *, address: str = "127.0.0.1"):
    """A private SeaweedFS S3 server in `folder` listening on `address`, started by scripts/s3.sh
    (its bucket already prepared); yields the environment the script prints
    (AWS_S3_ENDPOINT_URL, keys…)."""
    require("weed")
    script = str(ROOT / "scripts" / "s3.sh")
    try:
        started = subprocess.run(
            [script, "start", str(folder)], capture_output=True, text=True, timeout=120, cwd=ROOT,
            env={**os.environ, "S3_ADDRESS": address},
        )  # fmt: skip
        if started.returncode != 0:
            pytest.fail(f"scripts/s3.sh start failed: {started.stderr[-2000:]}")
        yield dict(line.split("=", 1) for line in started.stdout.splitlines())
    finally:
        subprocess.run([script, "stop", str(folder)], timeout=30, check=False)


@pytest.fixture(scope="session")
def s3(tmp_path_factory):
    """One S3 server for the whole run; tests take a bucket of their own (`s3_storage`)."""
    with s3_server(tmp_path_factory.mktemp("s3")) as env:
        yield env


@pytest.fixture
def s3_storage(s3, settings):
    """Media on a fresh bucket of the run's S3 server, prepared as `prepare_media_bucket` does;
    yields the storage. `s3_env(storage)` is the environment for another process of the fair."""
    from django.core.files.storage import storages

    from usine.media.storage import prepare_bucket

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "usine.media.storage.MediaStorage",
            "OPTIONS": {
                "bucket_name": f"t{secrets.token_hex(6)}",
                "endpoint_url": s3["AWS_S3_ENDPOINT_URL"],
                "region_name": s3["AWS_S3_REGION_NAME"],
                "access_key": s3["AWS_ACCESS_KEY_ID"],
                "secret_key": s3["AWS_SECRET_ACCESS_KEY"],
                "addressing_style": "path",
            },
        },
    }
    storage = storages["default"]
    prepare_bucket(storage=storage)
    return storage


@pytest.fixture
def unreachable_s3_storage(settings):
    """Media on a bucket whose server does not answer (nothing listens on its port)."""
    from django.core.files.storage import storages

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "usine.media.storage.MediaStorage",
            "OPTIONS": {
                "bucket_name": "usine",
                "endpoint_url": f"http://127.0.0.1:{free_port()}",
                "region_name": "us-east-1",
                "access_key": "usine",
                "secret_key": "nobody-answers",
                "addressing_style": "path",
            },
        },
    }
    return storages["default"]


def s3_env(s3: dict[str, str], storage) -> dict[str, str]:
    """What a fair process reads to use the same bucket as `storage`."""
    return {**s3, "AWS_STORAGE_BUCKET_NAME": storage.bucket_name}


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
