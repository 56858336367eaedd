from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "usine.insights"
    label = "insights"
    verbose_name = _("Chiffres du salon")

    def ready(self):
        # The purge keeps only aggregates; live questions are counted as they are asked.
        from . import signals  # noqa: F401
