from django.apps import AppConfig


class UsineConfig(AppConfig):
    """The project itself is an app so that its templates, locale and commands are found."""

    name = "usine"
    verbose_name = "Usine"
