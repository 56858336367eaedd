import pytest

from .clips import make_clip


@pytest.fixture(scope="session")
def clip_path(tmp_path_factory):
    """A real 3 s 640x360 H.264/AAC clip, made once per test run."""
    return make_clip(tmp_path_factory.mktemp("clips") / "clip.mp4")
