import pytest

PASSWORD = "motdepasse-solide-42"  # tests/users/factories.py


@pytest.fixture(autouse=True)
def _fast_hasher(settings):
    """Sign-in tests hash many wrong passwords; the real hasher takes a second each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
