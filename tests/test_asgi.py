"""The ASGI entry point (usine/asgi.py): what it loads is kept out of the garbage collector's
full collections, and what setting up stores in asgiref Locals out of the context every request
and socket starts from."""

import subprocess
import sys

from django.conf import settings

PROGRAM = """
import gc
import usine.asgi
print(gc.get_freeze_count() > 0, any(o is usine.asgi.application for o in gc.get_objects()))
"""

LOCALS = """
import contextvars
from asgiref.local import _Storage
import usine.asgi
print(sum(isinstance(value, _Storage) for value in contextvars.copy_context().values()))
"""


def run_program(program: str, tmp_path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-W", "ignore", "-c", program],
        cwd=settings.BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "USINE_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_what_the_worker_loaded_is_out_of_the_collections(tmp_path):
    run = run_program(PROGRAM, tmp_path)

    assert run.returncode == 0, run.stderr
    assert run.stdout == "True False\n"


def test_the_context_the_server_starts_from_holds_no_local_of_the_set_up(tmp_path):
    # Each would be re-homed and set again on every hop of every request between the loop and
    # a thread (asgiref's _restore_context).
    run = run_program(LOCALS, tmp_path)

    assert run.returncode == 0, run.stderr
    assert run.stdout == "0\n"
