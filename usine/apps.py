from django.apps import AppConfig


class UsineConfig(AppConfig):
    """The project itself is an app so that its templates, locale and commands are found."""

    name = "usine"
    verbose_name = "Usine"

    def ready(self):
        from . import signals  # noqa: F401  (forgets cached roles when they change)
