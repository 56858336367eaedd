"""A private network namespace for a WebRTC test on one machine.

Janus never gathers ICE candidates on a loopback interface, so a browser and Janus that only share
`lo` cannot exchange media. Inside a namespace of its own, a veth pair whose end carries a
loopback-range address (127.0.0.2) gives Janus an interface to use, and no packet leaves the
namespace: it has no route to anything else.
"""

import os
import shutil
import subprocess
from contextlib import contextmanager
from pathlib import Path

ADDRESS = "127.0.0.2"


def _ip(*args: str) -> None:
    subprocess.run(["ip", *args], check=True, capture_output=True, timeout=10)


@contextmanager
def private_network(name: str | None = None):
    """Creates the namespace, yields its name, and deletes it (and its veth pair) afterwards."""
    if shutil.which("ip") is None or os.geteuid() != 0:
        raise RuntimeError("a network namespace needs root and the `ip` command (iproute2)")
    name = name or f"usine-live-{os.getpid()}"
    if Path("/run/netns", name).exists():  # left over by a killed run
        _ip("netns", "del", name)
    _ip("netns", "add", name)
    try:
        _ip("-n", name, "link", "set", "lo", "up")
        _ip("-n", name, "link", "add", "v0", "type", "veth", "peer", "name", "v1")
        _ip("-n", name, "addr", "add", f"{ADDRESS}/32", "dev", "v0")
        _ip("-n", name, "link", "set", "v1", "up")
        _ip("-n", name, "link", "set", "v0", "up")
        yield name
    finally:
        _ip("netns", "del", name)


def run_inside(name: str) -> tuple[str, ...]:
    """The command prefix that runs a program inside the namespace."""
    return ("ip", "netns", "exec", name)


def wrapper_script(name: str, program: str, directory: Path) -> Path:
    """An executable that runs `program` inside the namespace with the arguments it is given
    (Playwright drives Chromium over a pipe, which `exec` keeps)."""
    path = directory / f"{Path(program).name}-in-{name}"
    path.write_text(f'#!/bin/sh\nexec ip netns exec {name} {program} "$@"\n')
    path.chmod(0o755)
    return path
