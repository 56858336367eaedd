"""The town API benchmark's baseline: the fair's settings with the cache switched off, so every
request rebuilds the town's JSON from the database."""

from usine.settings import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
