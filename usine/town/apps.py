from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TownConfig(AppConfig):
    name = "usine.town"
    label = "town"
    verbose_name = _("La ville")

    def ready(self):
        from . import signals  # noqa: F401  (connects the town cache invalidation)
