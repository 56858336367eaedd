"""Values kept under a version: read again after a change, never kept from before it."""

import pytest

from usine import versions

pytestmark = pytest.mark.django_db


def test_a_value_is_kept_until_its_version_is_renewed():
    reads = []

    def read():
        reads.append(1)
        return len(reads)

    def kept():
        return versions.kept(key="t:value", version_key="t:version", read=read, seconds=60)

    assert (kept(), kept()) == (1, 1)
    versions.renew(["t:version"], 60)
    assert (kept(), kept()) == (2, 2)


def test_a_none_is_kept_too():
    reads = []

    def kept():
        return versions.kept(
            key="t:none", version_key="t:none-version", read=lambda: reads.append(1), seconds=60
        )

    assert (kept(), kept(), len(reads)) == (None, None, 1)


def test_a_change_renews_at_once_and_once_committed(django_capture_on_commit_callbacks):
    first = versions.current("t:change", 60)
    assert versions.current("t:change", 60) == first
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        versions.renew_on_change(["t:change"], 60)
    at_once = versions.current("t:change", 60)
    assert at_once != first
    (commit,) = callbacks
    commit()
    assert versions.current("t:change", 60) not in (first, at_once)
