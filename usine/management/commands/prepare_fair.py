"""Everything `make run` does before starting the servers, in one process so a second run starts
in seconds: migrate, collect static files only when a source changed, load the demo edition into
an empty database."""

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.core.management.base import BaseCommand


def static_files_changed() -> bool:
    """True when a static source is newer than the last collectstatic (or there was none)."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return True
    collected_at = manifest.stat().st_mtime
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            if storage.get_modified_time(path).timestamp() > collected_at:
                return True
    return False


class Command(BaseCommand):
    help = "Migre la base, collecte les fichiers statiques si besoin, charge la démo si vide."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-videos", action="store_true", help="Charger la démo sans ses vidéos."
        )

    def handle(self, *args, no_videos=False, **options):
        self.stdout.write("→ base de données")
        call_command("migrate", interactive=False, verbosity=0)
        if static_files_changed():
            self.stdout.write("→ fichiers statiques")
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write("→ édition de démonstration (seulement si la base est vide)")
        call_command("load_demo", if_empty=True, no_videos=no_videos)
