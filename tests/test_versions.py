"""Values kept under a version: read again after a change, never kept from before it."""

import pytest
from django.core.cache import cache, caches
from django.template import Context, Template

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


def test_a_versioned_value_is_read_from_the_process_copy_once_kept():
    versions.set_versioned("t:kept:v1", {"rows": [1, 2]}, 60)
    cache.delete("t:kept:v1")  # what another process's cache clearing would do

    first = versions.get_versioned("t:kept:v1")
    first["rows"].append(3)  # a reader changing its copy

    assert versions.get_versioned("t:kept:v1") == {"rows": [1, 2]}


def test_a_value_another_process_stored_is_copied_on_first_read():
    cache.set("t:other:v1", "drawn elsewhere", 60)

    assert versions.get_versioned("t:other:v1") == "drawn elsewhere"
    cache.delete("t:other:v1")
    assert versions.get_versioned("t:other:v1") == "drawn elsewhere"
    assert versions.get_versioned("t:missing:v1", "none") == "none"


def test_a_copy_from_the_shared_cache_lives_local_seconds(monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(versions.time, "monotonic", lambda: clock[0])
    cache.set("t:aging:v1", "first", 600)
    assert versions.get_versioned("t:aging:v1") == "first"
    cache.set("t:aging:v1", "stored again", 600)

    clock[0] += versions.LOCAL_SECONDS - 1
    assert versions.get_versioned("t:aging:v1") == "first"
    clock[0] += 2
    assert versions.get_versioned("t:aging:v1") == "stored again"


def test_the_copies_start_over_past_the_limit(monkeypatch):
    monkeypatch.setattr(versions, "LOCAL_LIMIT", 3)
    for n in range(7):
        versions.set_versioned(f"t:many:{n}", n, 60)

    assert len(versions._local) == 1  # the 7th, after two fresh starts at 3


def test_a_kept_value_is_read_from_the_process_copy_until_renewed():
    reads = []

    def kept():
        return versions.kept(
            key="t:copied", version_key="t:copied-version", read=lambda: reads.append(1), seconds=60
        )

    kept()
    cache.delete("t:copied")
    kept()
    assert len(reads) == 1
    versions.renew(["t:copied-version"], 60)
    kept()
    assert len(reads) == 2


def test_template_fragments_are_kept_in_the_process():
    template = Template('{% load cache %}{% cache 60 "t" version %}{{ n }}{% endcache %}')

    drawn = [template.render(Context({"version": "v1", "n": n})) for n in (1, 2)]
    cache.clear()
    drawn.append(template.render(Context({"version": "v1", "n": 3})))
    drawn.append(template.render(Context({"version": "v2", "n": 4})))

    assert drawn == ["1", "1", "1", "4"]
    assert isinstance(caches["template_fragments"], versions.VersionedFragments)
