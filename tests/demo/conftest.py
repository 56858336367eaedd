import pytest

from tests.demo.loading import LOADED_AT, STARTS_ON, load


@pytest.fixture
def demo(db, monkeypatch):
    monkeypatch.setenv("USINE_DEMO_PASSWORD", "vannes-de-demo-2021")
    return load("--no-videos", "--starts-on", STARTS_ON, now=LOADED_AT)
