from django.core.management.base import BaseCommand

from usine.professionals.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Envoie les rappels de la veille : aux enseignant·es des classes inscrites et aux "
        "professionnel·les de leurs échanges, une seule fois chacun."
    )

    def handle(self, *args, **options):
        teachers, professionals = send_reminders()
        self.stdout.write(
            f"Rappels envoyés : {teachers} enseignant·es, {professionals} professionnel·les."
        )
