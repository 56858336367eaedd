import io
import re
from pathlib import Path

import httpx
import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from PIL import Image

from usine.media import services
from usine.media.models import Video
from usine.media.tasks import transcode_video

from .clips import upload_of, vtt_upload
from .hls import fetch_ladder, resolutions


@pytest.mark.django_db(transaction=True)
def test_an_upload_is_transcoded_by_the_database_worker(clip_path, settings):
    # Outside any atomic block the on_commit enqueue runs at once, as after a real request.
    video = services.create_video(upload=upload_of(clip_path), captions=vtt_upload())
    assert Video.objects.get(pk=video.pk).status == Video.Status.PENDING

    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

    task = DBTaskResult.objects.get()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.return_value == "ready"
    video.refresh_from_db()
    assert video.status == Video.Status.READY
    assert video.progress == 100
    folder = Path(settings.MEDIA_ROOT) / Path(video.playlist).parent
    master = (folder / "master.m3u8").read_text()
    assert re.findall(r"RESOLUTION=(\d+x\d+)", master) == ["426x240", "768x432"]
    for name in ("240p", "432p"):
        playlist = (folder / name / "index.m3u8").read_text()
        segments = re.findall(r"^segment_\d{3}\.ts$", playlist, re.MULTILINE)
        assert segments
        assert all((folder / name / segment).is_file() for segment in segments)
    assert Image.open(Path(settings.MEDIA_ROOT) / video.poster).format == "JPEG"


@pytest.mark.django_db(transaction=True)
def test_the_task_of_a_deleted_video_ends_quietly():
    transcode_video.enqueue(987654)

    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

    task = DBTaskResult.objects.get()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.return_value == "deleted"


@pytest.mark.django_db(transaction=True)
def test_on_s3_the_worker_writes_the_whole_ladder_to_the_bucket(clip_path, s3_storage, settings):
    video = services.create_video(upload=upload_of(clip_path), captions=vtt_upload())

    call_command("db_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)

    assert DBTaskResult.objects.get().return_value == "ready"
    video.refresh_from_db()
    folder = video.playlist.removesuffix("/master.m3u8")
    segments = [f"{folder}/{r}/segment_000.ts" for r in ("240p", "432p")]  # 3 s: one segment
    assert bucket_keys(s3_storage) == sorted(
        [
            video.source.name,
            video.captions.name,
            f"{folder}/master.m3u8",
            f"{folder}/poster.jpg",
            f"{folder}/240p/index.m3u8",
            f"{folder}/432p/index.m3u8",
            *segments,
        ]
    )
    assert video.source.name.startswith("videos/source/")
    assert video.captions.name.startswith("videos/captions/")
    assert not Path(settings.MEDIA_ROOT).exists()  # nothing on the local disk

    fetched = fetch_ladder(s3_storage.url(video.playlist))
    master = fetched[s3_storage.url(video.playlist)].text
    assert resolutions(master) == ["426x240", "768x432"]
    assert sorted(fetched) == sorted(
        s3_storage.url(name)
        for name in bucket_keys(s3_storage, f"{folder}/")
        if "poster" not in name
    )
    for name in segments:
        response = fetched[s3_storage.url(name)]
        assert (response.headers["content-type"], response.content[:1]) == ("video/mp2t", b"\x47")
    poster = httpx.get(s3_storage.url(video.poster), timeout=10)
    assert Image.open(io.BytesIO(poster.content)).format == "JPEG"


def bucket_keys(storage, prefix: str = "") -> list[str]:
    listed = storage.connection.meta.client.list_objects_v2(
        Bucket=storage.bucket_name, Prefix=prefix
    )
    return sorted(entry["Key"] for entry in listed.get("Contents", []))
