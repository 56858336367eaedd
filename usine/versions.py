"""What pages keep in the shared cache under a version that a change renews.

The rule (one place for it): a version is a random token under its own key; a change sets a new
one, at once for the writer's next read and again once committed (a page drawn in between read
the rows from before the change); a reader reads the version before the rows and keeps them
under the version it read, so that rows read before a change are never taken for the current
state. A version that expired gives way to a new one: what was kept under the old one is read
again.
"""

import secrets

from django.core.cache import cache
from django.db import transaction


def current(key: str, seconds: int | None) -> str:
    """The version under `key`, made now if there is none (two processes making one at once
    agree on the first stored)."""
    version = cache.get(key)
    if version is None:
        version = secrets.token_hex(8)
        if not cache.add(key, version, seconds):
            version = cache.get(key, version)
    return version


def renew(keys, seconds: int | None) -> None:
    """New versions under these keys, now."""
    versions = {key: secrets.token_hex(8) for key in keys}
    if versions:
        cache.set_many(versions, seconds)


def renew_on_change(keys, seconds: int | None) -> None:
    """New versions now and once the transaction commits (at once outside one)."""
    keys = list(keys)
    if keys:
        renew(keys, seconds)
        transaction.on_commit(lambda: renew(keys, seconds))


_MISSING = object()


def kept(*, key: str, version_key: str, read, seconds: int | None):
    """What `read()` gives, kept under `key` with the current version of `version_key`."""
    found = cache.get_many([version_key, key])
    version = found.get(version_key) or current(version_key, seconds)
    cached = found.get(key, _MISSING)
    if cached is not _MISSING and cached[0] == version:
        return cached[1]
    value = read()
    cache.set(key, (version, value), seconds)
    return value
