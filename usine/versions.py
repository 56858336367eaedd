"""What pages keep in the shared cache under a version that a change renews.

The rule (one place for it): a version is a random token under its own key; a change sets a new
one, at once for the writer's next read and again once committed (a page drawn in between read
the rows from before the change); a reader reads the version before the rows and keeps them
under the version it read, so that rows read before a change are never taken for the current
state. A version that expired gives way to a new one: what was kept under the old one is read
again.
"""

import pickle
import secrets
import time

from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.db import transaction

# What is kept under a key that carries a version never changes (a change makes a new key), so
# each process also keeps its own copy, pickled (every reader gets objects of its own, as from
# the shared cache): a page read half a dozen such entries from the shared cache, a file or a
# Redis round trip each. Past LOCAL_LIMIT entries the copies start over; a copy taken from the
# shared cache lives LOCAL_SECONDS at most (one stored here, its own lifetime).
LOCAL_LIMIT = 1024
LOCAL_SECONDS = 300
_local: dict[object, tuple[float, bytes]] = {}


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


def _keep_locally(local_key, value, seconds: int | None) -> None:
    if len(_local) >= LOCAL_LIMIT:
        _local.clear()
    until = time.monotonic() + seconds if seconds is not None else float("inf")
    _local[local_key] = (until, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))


def _local_copy(local_key):
    found = _local.get(local_key)
    if found is None or found[0] <= time.monotonic():
        return _MISSING
    return pickle.loads(found[1])


def get_versioned(key: str, default=None):
    """What is stored under `key`, a key that carries a version: this process's copy, else the
    shared cache's (then copied here)."""
    value = _local_copy(key)
    if value is _MISSING:
        value = cache.get(key, _MISSING)
        if value is _MISSING:
            return default
        _keep_locally(key, value, LOCAL_SECONDS)
    return value


def set_versioned(key: str, value, seconds: int | None) -> None:
    cache.set(key, value, seconds)
    _keep_locally(key, value, seconds)


def kept(*, key: str, version_key: str, read, seconds: int | None):
    """What `read()` gives, kept under `key` with the current version of `version_key` (and in
    this process under both)."""
    version = cache.get(version_key) or current(version_key, seconds)
    value = _local_copy((key, version))
    if value is not _MISSING:
        return value
    cached = cache.get(key, _MISSING)
    if cached is not _MISSING and cached[0] == version:
        _keep_locally((key, version), cached[1], LOCAL_SECONDS)
        return cached[1]
    value = read()
    cache.set(key, (version, value), seconds)
    _keep_locally((key, version), value, seconds)
    return value


def forget_local() -> None:
    """Drops this process's copies (what the shared cache holds stays)."""
    _local.clear()


class VersionedFragments(BaseCache):
    """The cache of `{% cache %}` (Django's alias "template_fragments"): every fragment varies on
    a version (the public version, a class's…), so reads go through this process's copies."""

    def __init__(self, location, params):
        super().__init__(params)

    def get(self, key, default=None, version=None):
        return get_versioned(key, default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        set_versioned(key, value, self.default_timeout if timeout is DEFAULT_TIMEOUT else timeout)

    def delete(self, key, version=None):
        _local.pop(key, None)
        return cache.delete(key)

    def clear(self):
        forget_local()
