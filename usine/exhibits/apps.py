from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExhibitsConfig(AppConfig):
    name = "usine.exhibits"
    label = "exhibits"
    verbose_name = _("Exposants")

    def ready(self):
        from . import signals  # noqa: F401  (publishes a testimonial once its new video is ready)
