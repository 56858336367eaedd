"""Network namespaces for tests that need more than loopback: one machine pretending to be several.

- `private_network`: a namespace of its own for a WebRTC test. Janus never gathers ICE candidates
  on a loopback interface, so a browser and Janus that only share `lo` cannot exchange media.
  Inside the namespace, a veth pair whose end carries a loopback-range address (127.0.0.2) gives
  Janus an interface to use, and no packet leaves the namespace: it has no route to anything else.
- `app_hosts`: several "app hosts", each a namespace with its own address, joined to this
  (root) namespace by a veth pair, and one shared address on this side where the services every
  host shares (PostgreSQL, Redis, S3) listen — as a deployment with several machines.

Addresses are in 10.231.0.0/16 (private, RFC 1918, unused on the machines we run on): a
loopback-range address cannot be used, since the kernel drops 127.0.0.0/8 packets that arrive on
any interface but `lo`. Names are fixed, so a run killed before its clean-up leaves nothing the
next run does not remove first; no forwarding is turned on, so nothing goes from one host to
another but through this namespace's own services (nginx, PostgreSQL…).
"""

import os
import shutil
import subprocess
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

ADDRESS = "127.0.0.2"
SHARED_ADDRESS = "10.231.0.1"
SHARED_LINK = "usine-shared"


def _ip(*args: str, check: bool = True) -> None:
    subprocess.run(["ip", *args], check=check, capture_output=True, timeout=10)


def _require_root() -> None:
    if shutil.which("ip") is None or os.geteuid() != 0:
        raise RuntimeError("a network namespace needs root and the `ip` command (iproute2)")


@contextmanager
def private_network(name: str | None = None):
    """Creates the namespace, yields its name, and deletes it (and its veth pair) afterwards."""
    _require_root()
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


@dataclass(frozen=True)
class AppHost:
    """One app host: its namespace, its address, and the address its peers see it come from
    (this namespace's end of its link: where nginx's requests come from)."""

    name: str
    address: str
    gateway: str

    def run(self, *command: str) -> tuple[str, ...]:
        return (*run_inside(self.name), *command)


def _remove_app_host(number: int) -> None:
    name = f"usine-host-{number}"
    if Path("/run/netns", name).exists():
        _ip("netns", "del", name)  # takes its veth pair with it
    _ip("link", "del", f"usine-h{number}", check=False)


@contextmanager
def app_hosts(count: int = 2):
    """`count` app hosts (10.231.N.2, N from 1) and the shared address 10.231.0.1 on this side;
    yields the AppHosts and removes everything afterwards."""
    _require_root()
    _ip("link", "del", SHARED_LINK, check=False)  # left over by a killed run
    for number in range(1, count + 1):
        _remove_app_host(number)
    with ExitStack() as stack:
        # A veth pair with both ends here: an interface of our own for the shared address,
        # removed with it (no dummy interfaces in every container).
        _ip("link", "add", SHARED_LINK, "type", "veth", "peer", "name", f"{SHARED_LINK}-p")
        stack.callback(_ip, "link", "del", SHARED_LINK, check=False)
        _ip("addr", "add", f"{SHARED_ADDRESS}/32", "dev", SHARED_LINK)
        _ip("link", "set", f"{SHARED_LINK}-p", "up")
        _ip("link", "set", SHARED_LINK, "up")
        hosts = []
        for number in range(1, count + 1):
            name, link = f"usine-host-{number}", f"usine-h{number}"
            gateway, address = f"10.231.{number}.1", f"10.231.{number}.2"
            _ip("netns", "add", name)
            stack.callback(_remove_app_host, number)
            _ip("link", "add", link, "type", "veth", "peer", "name", "app0", "netns", name)
            _ip("addr", "add", f"{gateway}/30", "dev", link)
            _ip("link", "set", link, "up")
            _ip("-n", name, "addr", "add", f"{address}/30", "dev", "app0")
            _ip("-n", name, "link", "set", "lo", "up")
            _ip("-n", name, "link", "set", "app0", "up")
            # Only the shared services are reachable, through this side of the link.
            _ip("-n", name, "route", "add", f"{SHARED_ADDRESS}/32", "via", gateway)
            hosts.append(AppHost(name, address, gateway))
        yield hosts


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
