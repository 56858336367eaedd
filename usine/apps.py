from django.apps import AppConfig


class UsineConfig(AppConfig):
    """The project itself is an app so that its templates, locale and commands are found."""

    name = "usine"
    verbose_name = "Usine"

    def ready(self):
        from django.urls import register_converter

        from . import checks, signals  # noqa: F401  (checks: --deploy; signals: forgets cached roles)
        from .inputs import IdConverter

        # `<id:pk>` in URL patterns: an id within the database's range, anything else a 404.
        register_converter(IdConverter, "id")
