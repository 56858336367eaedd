from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "usine.schools"
    label = "schools"
    verbose_name = _("Établissements et classes")

    def ready(self):
        from . import signals  # noqa: F401
