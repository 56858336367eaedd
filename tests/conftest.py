import os

import pytest

from tests.servers import (  # noqa: F401 (fixtures for every test folder)
    s3,
    s3_storage,
    unreachable_s3_storage,
)

DATABASE_ONLY_LEFT = pytest.StashKey[int]()


def pytest_collection_modifyitems(config, items):
    """Browser tests run last: Playwright's sync API keeps an event loop running in this thread
    until the session ends, and the async (Channels) tests need to start their own.

    With USINE_TEST_DATABASE_ONLY=1 (the second run of `make test`, on PostgreSQL) only the tests
    that use the database are kept: the others ran already and would prove nothing more."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
    if os.environ.get("USINE_TEST_DATABASE_ONLY") == "1":
        kept = [item for item in items if uses_the_database(item)]
        left = [item for item in items if not uses_the_database(item)]
        if left:
            config.hook.pytest_deselected(items=left)
            config.stash[DATABASE_ONLY_LEFT] = len(left)
        items[:] = kept


def uses_the_database(item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(
        item.get_closest_marker("django_db") or fixtures & {"db", "transactional_db", "live_server"}
    )


def pytest_terminal_summary(terminalreporter, config):
    if left := config.stash.get(DATABASE_ONLY_LEFT, 0):
        terminalreporter.write_line(
            f"USINE_TEST_DATABASE_ONLY: {left} tests without the database left out of this run "
            "(they ran in the run on SQLite)"
        )


@pytest.fixture(autouse=True)
def _plain_static_and_media(settings, tmp_path):
    """Tests serve static files from the source folders (no collectstatic) and keep media apart."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"


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

    cache.clear()


@pytest.fixture(autouse=True)
def _insights_written_at_once(settings):
    """Counted events are written as they come (no flushing thread), and no process-wide memory
    (the open edition, the day's salt) carries over from one test to the next."""
    from usine.insights import recording, visitors

    settings.INSIGHTS_FLUSH_SECONDS = 0
    recording.forget()
    visitors.forget()
