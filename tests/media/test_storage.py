"""The media bucket on a real S3 server (SeaweedFS, started by scripts/s3.sh): what anyone may
read, what stays private, the headers players and caches rely on, deleting a folder."""

import httpx
import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from usine.media.storage import PUBLIC_PREFIXES, prepare_bucket


def anonymous_get(url: str, **headers) -> httpx.Response:
    return httpx.get(url, headers=headers, timeout=10)


def keys(storage, prefix: str = "") -> list[str]:
    client = storage.connection.meta.client
    listed = client.list_objects_v2(Bucket=storage.bucket_name, Prefix=prefix)
    return sorted(entry["Key"] for entry in listed.get("Contents", []))


def test_published_media_are_public_with_plain_urls(s3_storage):
    name = s3_storage.save("videos/hls/7-abcd/240p/index.m3u8", ContentFile(b"#EXTM3U\n"))
    url = s3_storage.url(name)
    assert url == f"{s3_storage.endpoint_url}/{s3_storage.bucket_name}/{name}"
    response = anonymous_get(url)
    assert response.status_code == 200
    assert response.content == b"#EXTM3U\n"
    assert response.headers["content-type"] == "application/vnd.apple.mpegurl"
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("videos/hls/7-abcd/240p/segment_000.ts", "video/mp2t"),
        ("videos/hls/7-abcd/poster.jpg", "image/jpeg"),
        ("videos/captions/captions.vtt", "text/vtt; charset=utf-8"),
        ("logos/acme.png", "image/png"),
        ("demos/atelier.jpg", "image/jpeg"),
    ],
)
def test_every_public_kind_is_readable_by_anyone_with_its_type(s3_storage, name, content_type):
    saved = s3_storage.save(name, ContentFile(b"bytes"))
    response = anonymous_get(s3_storage.url(saved))
    assert (response.status_code, response.headers["content-type"]) == (200, content_type)


def test_an_uploaded_source_stays_private(s3_storage):
    name = s3_storage.save("videos/source/0123abcd.mp4", ContentFile(b"not yet published"))
    plain = f"{s3_storage.endpoint_url}/{s3_storage.bucket_name}/{name}"
    assert anonymous_get(plain).status_code == 403
    signed = s3_storage.url(name)
    assert signed.startswith(plain + "?")
    assert "X-Amz-Signature=" in signed
    assert anonymous_get(signed).content == b"not yet published"


def test_the_player_may_read_public_media_from_another_origin(s3_storage):
    name = s3_storage.save("videos/hls/7-abcd/master.m3u8", ContentFile(b"#EXTM3U\n"))
    response = anonymous_get(s3_storage.url(name), Origin="https://usine.example")
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] in {"*", "https://usine.example"}


def test_no_upload_replaces_a_file_of_the_same_name(s3_storage):
    first = s3_storage.save("videos/captions/captions.vtt", ContentFile(b"WEBVTT\n\none"))
    second = s3_storage.save("videos/captions/captions.vtt", ContentFile(b"WEBVTT\n\ntwo"))
    assert first == "videos/captions/captions.vtt"
    assert second != first
    assert s3_storage.open(first).read() == b"WEBVTT\n\none"


def test_delete_folder_removes_one_folder_and_nothing_else(s3_storage):
    for name in ("videos/hls/1-aa/master.m3u8", "videos/hls/1-aa/240p/segment_000.ts"):
        s3_storage.save(name, ContentFile(b"x"))
    s3_storage.save("videos/hls/1-aab/master.m3u8", ContentFile(b"x"))
    s3_storage.delete_folder("videos/hls/1-aa")
    assert keys(s3_storage) == ["videos/hls/1-aab/master.m3u8"]


def test_prepare_bucket_again_changes_nothing(s3_storage):
    assert prepare_bucket(storage=s3_storage) == [
        "public read: " + ", ".join(PUBLIC_PREFIXES),
        "CORS: GET/HEAD from any origin",
    ]


def test_the_command_prepares_a_new_bucket(s3_storage, settings, capsys):
    options = {
        **settings.STORAGES["default"]["OPTIONS"],
        "bucket_name": f"{s3_storage.bucket_name}b",
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": options},
    }
    call_command("prepare_media_bucket")
    assert capsys.readouterr().out.splitlines() == [
        f"bucket {s3_storage.bucket_name}b created",
        "public read: " + ", ".join(PUBLIC_PREFIXES),
        "CORS: GET/HEAD from any origin",
    ]


def test_the_command_says_when_media_are_not_on_s3():
    with pytest.raises(CommandError, match="Les médias ne sont pas sur S3"):
        call_command("prepare_media_bucket")
