"""scripts/every.sh, which runs the reminder e-mails every quarter of an hour in `make run` and
`make run-production`: it repeats its command, outlives a failing pass, and stops at once."""

import signal
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def wait_for(condition, seconds=10.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_the_command_runs_at_once_then_again_after_each_pause(tmp_path):
    passes = tmp_path / "passes"
    every = subprocess.Popen(
        [ROOT / "scripts" / "every.sh", "0.2", "sh", "-c", f"echo pass >> {passes}; exit 1"],
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        wait_for(lambda: passes.exists() and passes.read_text().count("pass") >= 3)
    finally:
        every.send_signal(signal.SIGTERM)
    assert every.wait(timeout=5) == 0
    # Each failed pass is told, and the next one ran all the same.
    assert "a échoué (1) ; nouvel essai dans 0.2 s" in every.stderr.read()


def test_a_stop_does_not_wait_for_the_pause_to_end(tmp_path):
    passes = tmp_path / "passes"
    # A pause nobody else on this machine sleeps, to find it among the processes.
    pause = "900.0417"
    every = subprocess.Popen([ROOT / "scripts" / "every.sh", pause, "touch", passes])
    wait_for(passes.exists)
    stopped_at = time.monotonic()
    every.send_signal(signal.SIGTERM)

    assert every.wait(timeout=5) == 0
    assert time.monotonic() - stopped_at < 2
    # Its pause (sleep) went with it.
    orphans = subprocess.run(["pgrep", "-f", f"^sleep {pause}$"], capture_output=True)
    assert orphans.stdout == b""
