import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from PIL import Image

from usine.media import services
from usine.media.models import Video
from usine.media.tasks import transcode_video

from .clips import upload_of, vtt_upload


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
