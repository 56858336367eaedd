from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    name = "usine.schools"
    label = "schools"
    verbose_name = _("Établissements et classes")

    def ready(self):
        # Connect the receivers: the models' own, and the task queueing a booking's mail.
        from . import signals, tasks  # noqa: F401
