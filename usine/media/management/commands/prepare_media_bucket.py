from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.storage import storages
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from usine.media.storage import MediaStorage, prepare_bucket


class Command(BaseCommand):
    help = _(
        "Prépare le bucket S3 des médias (AWS_STORAGE_BUCKET_NAME) : le crée s'il manque, "
        "rend publiques en lecture les vidéos converties, sous-titres et images, et autorise "
        "leur lecture depuis les pages du salon (CORS). Les fichiers envoyés restent privés."
    )

    def handle(self, *args, **options):
        storage = storages["default"]
        if not isinstance(storage, MediaStorage):
            raise CommandError(
                _("Les médias ne sont pas sur S3 : définissez AWS_STORAGE_BUCKET_NAME.")
            )
        try:
            done = prepare_bucket(storage=storage)
        except (BotoCoreError, ClientError) as error:
            raise CommandError(_("Le bucket n'a pas pu être préparé : %s") % error) from error
        for line in done:
            self.stdout.write(line)
