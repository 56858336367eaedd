import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Tests create many teachers: a fast hasher keeps that from taking seconds each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _in_french():
    """Messages are checked in French, the source language, whatever an earlier test activated."""
    with translation.override("fr"):
        yield
