import pytest

from tests import database_run
from tests.demo.loading import LOADED_AT, STARTS_ON, load


@pytest.fixture
def demo(db, monkeypatch):
    monkeypatch.setenv("USINE_DEMO_PASSWORD", "vannes-de-demo-2021")
    # The load runs on PostgreSQL in the tests that load in their own body (test_loader.py…):
    # what each test asks of the loaded demo decides whether it runs there too.
    with database_run.unwatched():
        return load("--no-videos", "--starts-on", STARTS_ON, now=LOADED_AT)
