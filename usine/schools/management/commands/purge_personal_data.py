from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from usine.schools.retention import purge_personal_data


class Command(BaseCommand):
    help = _(
        "Supprime les élèves (et leur activité) et anonymise les enseignant·es qui l'ont demandé, "
        "PERSONAL_DATA_RETENTION_DAYS jours après la fin de chaque édition."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=None, help="délai en jours (par défaut : le réglage)"
        )

    def handle(self, *args, days=None, **options):
        report = purge_personal_data(days=days)
        self.stdout.write(
            _(
                "Éditions concernées : %(editions)s. Élèves supprimés : %(pupils)s. "
                "Comptes anonymisés : %(teachers)s."
            )
            % {
                "editions": ", ".join(report.editions) or "—",
                "pupils": report.pupils,
                "teachers": report.teachers,
            }
        )
