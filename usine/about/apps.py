from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AboutConfig(AppConfig):
    name = "usine.about"
    label = "about"
    verbose_name = _("Le salon et ses organisateurs")

    def ready(self):
        from . import checks, signals  # noqa: F401 — registers the deploy check and the purge
