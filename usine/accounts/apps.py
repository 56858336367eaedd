from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "usine.accounts"
    label = "accounts"
    verbose_name = _("Comptes")

    def ready(self):
        from . import signals  # noqa: F401  (a clean session at every sign-in)
