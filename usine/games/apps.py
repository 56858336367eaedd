from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GamesConfig(AppConfig):
    name = "usine.games"
    label = "games"
    verbose_name = _("Jeux")

    def ready(self):
        # The class challenge scores from stamps and approved questions as they happen.
        from . import receivers  # noqa: F401
