"""The ASGI entry point (usine/asgi.py): what it loads is kept out of the garbage collector's
full collections."""

import subprocess
import sys

from django.conf import settings

PROGRAM = """
import gc
import usine.asgi
print(gc.get_freeze_count() > 0, any(o is usine.asgi.application for o in gc.get_objects()))
"""


def test_what_the_worker_loaded_is_out_of_the_collections(tmp_path):
    run = subprocess.run(
        [sys.executable, "-c", PROGRAM],
        cwd=settings.BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "USINE_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert run.returncode == 0, run.stderr
    assert run.stdout == "True False\n"
