import pytest


def pytest_collection_modifyitems(config, items):
    """Browser tests run last: Playwright's sync API keeps an event loop running in this thread
    until the session ends, and the async (Channels) tests need to start their own."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True)
def _plain_static_and_media(settings, tmp_path):
    """Tests serve static files from the source folders (no collectstatic) and keep media apart."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"


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
