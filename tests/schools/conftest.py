import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _in_french():
    """Messages are checked in French, the source language, whatever an earlier test activated."""
    with translation.override("fr"):
        yield
