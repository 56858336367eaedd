from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "usine.desk"
    label = "desk"
    verbose_name = _("Accueil des bâtiments")

    def ready(self):
        # Connect the receivers (a change of the public FAQ renews the town's cached pages; a
        # camera opened at the desk is ended at its presence's end).
        from . import signals, tasks  # noqa: F401
