"""Settings of the Django server that the live video browser test runs in its own process (in
the test's network namespace): the project's settings, with static files served from the source
folders as in the other tests."""

from usine.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
