from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "usine.live"
    label = "live"
    verbose_name = _("Échanges en direct")

    def ready(self):
        # Connect the receivers (the audit log of what other apps do to a class session).
        from . import signals  # noqa: F401
