from django.core.management.base import BaseCommand

from usine.insights import rollup


class Command(BaseCommand):
    help = (
        "Rolls up the counted events (the task worker does it every minute while the web "
        "processes count; run it from cron after a quiet night so yesterday's raw events and "
        "salt go)."
    )

    def handle(self, *args, **options):
        days = rollup.roll_up()
        self.stdout.write(f"{len(days)} jour(s) : {', '.join(str(day) for day in days)}")
