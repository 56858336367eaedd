import os

import pytest

from tests import database_run
from tests.servers import (  # noqa: F401 (fixtures for every test folder)
    s3,
    s3_storage,
    unreachable_s3_storage,
)

DATABASE_ONLY_LEFT = pytest.StashKey[str]()


def pytest_configure(config):
    if recorder := database_run.recorder(config):
        config.pluginmanager.register(recorder, "usine-database-run")


def pytest_collection_modifyitems(config, items):
    """Browser tests run last: Playwright's sync API keeps an event loop running in this thread
    until the session ends, and the async (Channels) tests need to start their own.

    With USINE_TEST_DATABASE_ONLY=1 (the second run of `make test`, on PostgreSQL) only the
    database tests whose result can differ there are kept: tests/database_run.py decides."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
    if os.environ.get("USINE_TEST_DATABASE_ONLY") == "1":
        kept, left, why = database_run.kept_on_postgres(items)
        if left:
            config.hook.pytest_deselected(items=left)
        config.stash[DATABASE_ONLY_LEFT] = why
        items[:] = kept


def pytest_terminal_summary(terminalreporter, config):
    if why := config.stash.get(DATABASE_ONLY_LEFT, ""):
        terminalreporter.write_line(f"USINE_TEST_DATABASE_ONLY: {why}")


@pytest.fixture(autouse=True)
def _plain_static_and_media(settings, tmp_path):
    """Tests serve static files from the source folders (no collectstatic) and keep media apart."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factories give every account a real password, and the fair's hasher spends about half a
    second of CPU on each: tests hash with MD5 (the servers they start accept it too,
    tests/browser/live_video_settings.py). No test is about the strength of the hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _site_url_of_the_test_client(settings):
    """Links made outside a request (e-mails, invitations) point where the test client asks."""
    settings.SITE_URL = "http://testserver"


@pytest.fixture(autouse=True)
def _french_by_default():
    """Each test starts in the fair's default language, whatever an earlier test activated."""
    from django.utils import translation

    translation.activate("fr")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the cache is shared by every process on the host (a
    folder, or Redis), so a value left by an earlier test, or by the run on the other database,
    would otherwise leak into the next."""
    from django.core.cache import cache

    from usine import versions

    cache.clear()
    versions.forget_local()


@pytest.fixture(autouse=True)
def _insights_written_at_once(settings):
    """Counted events are written as they come (no flushing thread), and no process-wide memory
    (the open edition, the day's salt) carries over from one test to the next."""
    from usine.insights import counting, recording, visitors

    settings.INSIGHTS_FLUSH_SECONDS = 0
    recording.forget()
    counting.forget()
    visitors.forget()
