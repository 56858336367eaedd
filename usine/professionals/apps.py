from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfessionalsConfig(AppConfig):
    name = "usine.professionals"
    label = "professionals"
    verbose_name = _("Professionnel·les et planning des échanges")

    def ready(self):
        from . import (  # noqa: F401 — connect their receivers
            signals,  # a cancelled booking's exchange
            tasks,  # run_queued enqueues runs
        )
