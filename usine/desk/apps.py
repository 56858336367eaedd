from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "usine.desk"
    label = "desk"
    verbose_name = _("Accueil des bâtiments")

    def ready(self):
        # Connect the receivers (a change of the public FAQ renews the town's cached pages).
        from . import signals  # noqa: F401
