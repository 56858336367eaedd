"""Settings of the ASGI server the class-session browser test runs in a subprocess: the browser
tests' server settings, with a passport that stamps after a few seconds."""

from tests.browser.live_video_settings import *  # noqa: F403

PASSPORT_STAMP_SECONDS = 3
