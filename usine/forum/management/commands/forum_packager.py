import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from usine.forum.on_air import StagePackagers


class Command(BaseCommand):
    help = (
        "Streams the Forum: one packager (ffmpeg, SRT in, HLS out) per stage whose talk is on "
        "air; closes and archives each talk's replay when it ends. Runs until stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between checks")

    def handle(self, *args, interval, **options):
        # The logs name the passphrases (ffmpeg prints its input): outside the media folder.
        log_dir = settings.DATA_DIR / "forum"
        log_dir.mkdir(parents=True, exist_ok=True)
        stages = StagePackagers(log_dir=log_dir)
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        try:
            while not stop.is_set():
                stages.reconcile()
                stop.wait(interval)
        finally:
            stages.stop_all()
