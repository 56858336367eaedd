from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AboutConfig(AppConfig):
    name = "usine.about"
    label = "about"
    verbose_name = _("Le salon et ses organisateurs")

    def ready(self):
        # The deploy check, the purge of old messages and the task queueing a message's e-mail.
        from . import checks, signals, tasks  # noqa: F401
