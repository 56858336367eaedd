import signal
import threading

from django.core.management.base import BaseCommand

from usine.demo.forum_feed import DemoFeeds


class Command(BaseCommand):
    help = (
        "Publishes an ffmpeg test card to each demo talk on air (as a speaker's encoder would), "
        "so that the demo's Forum plays live. Runs until stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between checks")

    def handle(self, *args, interval, **options):
        feeds = DemoFeeds()
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        try:
            while not stop.is_set():
                feeds.reconcile()
                stop.wait(interval)
        finally:
            feeds.stop_all()
