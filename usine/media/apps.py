from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "usine.media"
    label = "media"
    verbose_name = _("Vidéos")

    def ready(self):
        # Connects the receiver that queues a stored video's transcoding.
        from . import tasks  # noqa: F401
