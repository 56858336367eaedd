#!/usr/bin/env bash
# Prints the first of the given TCP ports that can be bound on 127.0.0.1, else one the system
# picks: two fairs on one host each get ports of their own.
set -euo pipefail
exec "$(dirname "$0")/../.venv/bin/python" - "$@" <<'PY'
import socket
import sys

for port in [int(p) for p in sys.argv[1:]] + [0]:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        print(sock.getsockname()[1])
        break
PY
