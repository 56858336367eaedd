"""Settings of the Django server that the live video browser test runs in its own process (in
the test's network namespace): the project's settings, with static files served from the source
folders as in the other tests."""

from django.conf import global_settings

from usine.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The tests' accounts carry an MD5 hash (tests/conftest.py): accepted here too. The fair's own
# hasher stays first, so a password this process sets or upgrades gets the real hash.
PASSWORD_HASHERS = [
    *global_settings.PASSWORD_HASHERS,
    "django.contrib.auth.hashers.MD5PasswordHasher",
]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
