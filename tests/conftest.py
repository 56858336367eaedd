import pytest


@pytest.fixture(autouse=True)
def _plain_static_and_media(settings, tmp_path):
    """Tests serve static files from the source folders (no collectstatic) and keep media apart."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
