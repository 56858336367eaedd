import re
import stat
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult
from PIL import Image

from tests.media.factories import VideoFactory
from tests.servers import free_port
from usine.media import services
from usine.media.models import Video
from usine.media.services import InvalidCaptions, InvalidVideo
from usine.media.signals import video_failed, video_ready

from .clips import GOOD_VTT, make_audio_only, make_clip, text_as_mp4, upload_of, vtt_upload

pytestmark = pytest.mark.django_db


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def received():
    """Collects the media signals sent during a test."""
    sent = []

    def ready(sender, video, **kwargs):
        sent.append(("ready", video.pk))

    def failed(sender, video, **kwargs):
        sent.append(("failed", video.pk))

    video_ready.connect(ready)
    video_failed.connect(failed)
    yield sent
    video_ready.disconnect(ready)
    video_failed.disconnect(failed)


# --- probe ---------------------------------------------------------------------------------------


def test_probe_describes_a_real_clip(clip_path):
    result = services.probe(path=clip_path)

    assert result.width == 640
    assert result.height == 360
    assert result.duration_s == pytest.approx(3.0, abs=0.1)
    assert result.frame_rate == 25
    assert result.has_audio is True


def test_probe_refuses_a_text_file_renamed_mp4(tmp_path):
    path = tmp_path / "temoignage.mp4"
    path.write_text("Ceci n'est pas une vidéo.\n" * 20)

    with pytest.raises(InvalidVideo) as caught:
        services.probe(path=path)

    assert caught.value.message == (
        "Ce fichier n'est pas une vidéo lisible. Envoyez un fichier MP4, MOV ou WebM."
    )


def test_probe_refuses_sound_without_pictures(tmp_path):
    path = make_audio_only(tmp_path / "son.m4a")

    with pytest.raises(InvalidVideo) as caught:
        services.probe(path=path)

    assert caught.value.message == "Ce fichier ne contient pas d'image vidéo."


def test_probe_refuses_a_clip_shorter_than_a_second(tmp_path):
    path = make_clip(tmp_path / "court.mp4", seconds=0.5, audio=False)

    with pytest.raises(InvalidVideo) as caught:
        services.probe(path=path)

    assert caught.value.message == "Cette vidéo est trop courte (moins d'une seconde)."


def test_probe_refuses_a_clip_over_the_duration_limit(clip_path, settings):
    settings.VIDEO_MAX_SECONDS = 2

    with pytest.raises(InvalidVideo) as caught:
        services.probe(path=clip_path)

    assert caught.value.message == (
        "Cette vidéo dure 0 min 03 s ; la durée maximale est de 0 min 02 s."
    )


def test_probe_checks_the_size_before_running_ffprobe(clip_path, settings):
    settings.VIDEO_MAX_BYTES = 1000
    settings.FFPROBE_BINARY = "/nonexistent/ffprobe"  # would raise OSError if it ran

    with pytest.raises(InvalidVideo) as caught:
        services.probe(path=Path(clip_path))

    assert caught.value.message == "Cette vidéo dépasse la taille maximale de 1 Mo."


# --- validate_captions ---------------------------------------------------------------------------


def test_validate_captions_accepts_good_webvtt_and_rewinds_the_file():
    upload = vtt_upload()

    services.validate_captions(file=upload)

    assert upload.read() == GOOD_VTT


def test_validate_captions_accepts_a_byte_order_mark():
    services.validate_captions(file=vtt_upload(b"\xef\xbb\xbf" + GOOD_VTT))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"1\n00:00:00,000 --> 00:00:01,000\nBonjour\n",
            "Ce n'est pas un fichier WebVTT : la première ligne doit être « WEBVTT ».",
        ),
        (b"WEBVTT\n\n", "Le fichier WebVTT ne contient aucun sous-titre."),
        (
            b"WEBVTT\n\n00:00:02.000 --> 00:00:01.000\nTrop tard\n",
            "Le sous-titre n° 1 (00:00:02.000) finit avant de commencer.",
        ),
        (
            b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nUn\n\n00:00:00.500 --> 00:00:00.900\nDeux\n",
            "Le sous-titre n° 2 (00:00:00.500) commence avant le précédent : "
            "les sous-titres doivent être dans l'ordre.",
        ),
        (
            b"WEBVTT\n\n00:00:0x.000 --> 00:00:02.000\nFaute de frappe\n",
            "Un minutage de sous-titre est mal écrit (attendu : 00:00:01.000 --> 00:00:03.500).",
        ),
        (
            "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nÀ bientôt\n".encode("latin-1"),
            "Les sous-titres doivent être enregistrés en UTF-8 (octet 38 illisible).",
        ),
    ],
    ids=["srt-not-webvtt", "no-cue", "end-before-start", "out-of-order", "bad-timing", "latin-1"],
)
def test_validate_captions_names_what_is_wrong(data, message):
    with pytest.raises(InvalidCaptions) as caught:
        services.validate_captions(file=vtt_upload(data))

    assert caught.value.message == message


def test_validate_captions_refuses_a_file_over_the_limit(settings):
    settings.CAPTIONS_MAX_BYTES = 2048

    with pytest.raises(InvalidCaptions) as caught:
        services.validate_captions(file=vtt_upload(GOOD_VTT + b"\n" * 3000))

    assert caught.value.message == "Le fichier de sous-titres dépasse 2 Ko."


def test_validate_captions_compares_milliseconds_not_whole_seconds():
    # Both cues start within second 1: rounding to seconds would miss the order error.
    data = b"WEBVTT\n\n00:00:01.800 --> 00:00:02.000\nUn\n\n00:00:01.200 --> 00:00:01.500\nDeux\n"

    with pytest.raises(InvalidCaptions, match="n° 2"):
        services.validate_captions(file=vtt_upload(data))


# --- create_video, set_captions, delete_video ----------------------------------------------------


def test_create_video_stores_source_and_captions_and_enqueues_on_commit(
    clip_path, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        video = services.create_video(upload=upload_of(clip_path), captions=vtt_upload())

    video.refresh_from_db()
    assert video.status == Video.Status.PENDING
    assert (video.width, video.height) == (640, 360)
    assert Path(video.source.path).read_bytes() == clip_path.read_bytes()
    assert video.source.name.startswith("videos/source/")
    assert video.source.name.endswith(".mp4")
    assert Path(video.captions.path).read_bytes() == GOOD_VTT
    task = DBTaskResult.objects.get()
    assert task.task_path == "usine.media.tasks.transcode_video"
    assert task.args_kwargs == {"args": [video.pk], "kwargs": {}}


def test_captions_get_a_name_nobody_can_guess_before_publication(clip_path):
    first = services.store_video(upload=upload_of(clip_path), captions=vtt_upload())
    second = services.store_video(upload=upload_of(clip_path), captions=vtt_upload())
    services.set_captions(video=second, file=vtt_upload())

    names = [first.captions.name, second.captions.name]
    assert all(re.fullmatch(r"videos/captions/[0-9a-f]{16}\.vtt", name) for name in names)
    assert names[0] != names[1]


def test_create_video_saves_nothing_for_a_non_video(settings):
    with pytest.raises(InvalidVideo):
        services.create_video(upload=text_as_mp4(), captions=vtt_upload())

    assert Video.objects.count() == 0
    assert files_under(Path(settings.MEDIA_ROOT)) == []


def test_create_video_saves_nothing_when_the_captions_are_broken(clip_path, settings):
    with pytest.raises(InvalidCaptions):
        services.create_video(upload=upload_of(clip_path), captions=vtt_upload(b"WEBVTT\n\n"))

    assert Video.objects.count() == 0
    assert files_under(Path(settings.MEDIA_ROOT)) == []


def test_create_video_refuses_an_oversized_upload_before_probing(settings):
    settings.VIDEO_MAX_BYTES = 100
    upload = SimpleUploadedFile("grand.mp4", b"\0" * 101, "video/mp4")

    with pytest.raises(InvalidVideo, match="taille maximale"):
        services.create_video(upload=upload)

    assert Video.objects.count() == 0


def test_set_captions_replaces_the_file_and_removes_the_old_one(django_capture_on_commit_callbacks):
    video = VideoFactory()
    old_path = Path(video.captions.path)
    new = b"WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nNouveaux sous-titres\n"

    with django_capture_on_commit_callbacks(execute=True):
        services.set_captions(video=video, file=vtt_upload(new))

    video.refresh_from_db()
    assert Path(video.captions.path).read_bytes() == new
    assert not old_path.exists()


def test_set_captions_keeps_the_old_file_when_the_new_one_is_broken():
    video = VideoFactory()
    name = video.captions.name

    with pytest.raises(InvalidCaptions):
        services.set_captions(video=video, file=vtt_upload(b"pas du webvtt"))

    video.refresh_from_db()
    assert video.captions.name == name
    assert Path(video.captions.path).exists()


def test_delete_video_removes_its_files(settings, django_capture_on_commit_callbacks):
    video = VideoFactory()
    folder = Path(settings.MEDIA_ROOT) / Path(video.playlist).parent
    folder.mkdir(parents=True)
    (folder / "master.m3u8").write_text("#EXTM3U\n")

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_video(video=video)

    assert not Video.objects.filter(pk=video.pk).exists()
    assert not folder.exists()
    assert files_under(Path(settings.MEDIA_ROOT)) == []


# --- transcode -----------------------------------------------------------------------------------


def renditions(master: str) -> list[tuple[str, str]]:
    return re.findall(r"RESOLUTION=(\d+x\d+).*\n(\S+)", master)


def test_transcode_writes_two_renditions_a_poster_and_reports_ready(
    clip_path, settings, received, django_capture_on_commit_callbacks
):
    video = services.store_video(upload=upload_of(clip_path), captions=vtt_upload())

    with django_capture_on_commit_callbacks(execute=True):
        services.transcode(video=video)

    video.refresh_from_db()
    assert video.status == Video.Status.READY
    assert video.progress == 100
    assert video.error == ""
    folder = Path(settings.MEDIA_ROOT) / Path(video.playlist).parent
    assert re.fullmatch(rf"videos/hls/{video.pk}-[0-9a-f]{{8}}/master.m3u8", video.playlist)
    assert video.poster == str(Path(video.playlist).parent / "poster.jpg")
    master = (folder / "master.m3u8").read_text()
    assert renditions(master) == [("426x240", "240p/index.m3u8"), ("768x432", "432p/index.m3u8")]
    for name in ("240p", "432p"):
        playlist = (folder / name / "index.m3u8").read_text()
        segments = re.findall(r"^segment_\d{3}\.ts$", playlist, re.MULTILINE)
        assert segments, playlist
        assert all((folder / name / s).stat().st_size > 0 for s in segments)
        assert "#EXT-X-ENDLIST" in playlist
    poster = Image.open(folder / "poster.jpg")
    assert poster.format == "JPEG"
    assert poster.size == (768, 432)
    assert received == [("ready", video.pk)]


def test_transcode_keeps_the_aspect_ratio_of_a_square_clip(
    tmp_path, settings, django_capture_on_commit_callbacks
):
    video = services.store_video(
        upload=upload_of(make_clip(tmp_path / "carre.mp4", seconds=1.2, size="480x480"))
    )

    services.transcode(video=video)

    video.refresh_from_db()
    master = (Path(settings.MEDIA_ROOT) / video.playlist).read_text()
    assert [r for r, _ in renditions(master)] == ["240x240", "432x432"]


def test_transcode_of_a_clip_without_sound(tmp_path, settings):
    video = services.store_video(
        upload=upload_of(make_clip(tmp_path / "muet.mp4", seconds=1.5, audio=False))
    )

    services.transcode(video=video)

    video.refresh_from_db()
    assert video.status == Video.Status.READY
    master = (Path(settings.MEDIA_ROOT) / video.playlist).read_text()
    assert len(renditions(master)) == 2


def test_transcode_fails_cleanly_when_the_source_is_not_a_video(
    clip_path, settings, received, django_capture_on_commit_callbacks
):
    video = services.store_video(upload=upload_of(clip_path))
    Path(video.source.path).write_bytes(b"abime")

    with django_capture_on_commit_callbacks(execute=True):
        services.transcode(video=video)

    video.refresh_from_db()
    assert video.status == Video.Status.FAILED
    assert video.error == (
        "Ce fichier n'est pas une vidéo lisible. Envoyez un fichier MP4, MOV ou WebM."
    )
    assert video.playlist == ""
    assert received == [("failed", video.pk)]
    assert files_under(Path(settings.MEDIA_ROOT) / "videos" / "hls") == []


def test_transcode_removes_partial_output_when_ffmpeg_fails(
    clip_path, tmp_path, settings, received, django_capture_on_commit_callbacks
):
    # A stand-in ffmpeg that writes one segment, then dies like a crashed encoder.
    fake = tmp_path / "ffmpeg"
    fake.write_text(
        "#!/bin/sh\n"
        "for last; do :; done\n"
        'dir=$(dirname "$last" | sed "s/%v/240p/")\n'
        'echo segment > "$dir/segment_000.ts"\n'
        'echo "out_time_us=1000000"\n'
        'echo "Conversion failed!" >&2\n'
        "exit 1\n"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    settings.FFMPEG_BINARY = str(fake)
    video = services.store_video(upload=upload_of(clip_path))

    with django_capture_on_commit_callbacks(execute=True):
        services.transcode(video=video)

    video.refresh_from_db()
    assert video.status == Video.Status.FAILED
    assert video.error.startswith("La conversion de la vidéo a échoué.")
    assert video.progress == 33  # the one progress report it printed: 1 s of 3 s
    assert files_under(Path(settings.MEDIA_ROOT) / "videos" / "hls") == []
    assert Path(video.source.path).exists()  # the source is kept for another try
    assert received == [("failed", video.pk)]


def test_transcode_twice_never_reuses_a_folder(clip_path, settings):
    first = services.store_video(upload=upload_of(clip_path))
    services.transcode(video=first)
    first.refresh_from_db()
    published = Path(settings.MEDIA_ROOT) / first.playlist
    before = published.read_bytes()

    Video.objects.filter(pk=first.pk).update(status=Video.Status.PENDING)
    services.transcode(video=first)

    first.refresh_from_db()
    assert first.playlist != str(published.relative_to(settings.MEDIA_ROOT))
    assert published.read_bytes() == before


def test_transcode_skips_a_video_already_ready(received):
    video = VideoFactory()
    playlist = video.playlist

    services.transcode(video=video)

    video.refresh_from_db()
    assert video.playlist == playlist
    assert received == []


def test_transcode_of_a_video_deleted_before_the_worker_started(clip_path, settings, received):
    video = services.store_video(upload=upload_of(clip_path))
    Video.objects.filter(pk=video.pk).delete()

    services.transcode(video=video)

    assert not Video.objects.filter(pk=video.pk).exists()
    assert files_under(Path(settings.MEDIA_ROOT) / "videos" / "hls") == []
    assert received == []


# --- on S3 (a real SeaweedFS bucket) ------------------------------------------------------------


def bucket_keys(storage) -> list[str]:
    listed = storage.connection.meta.client.list_objects_v2(Bucket=storage.bucket_name)
    return sorted(entry["Key"] for entry in listed.get("Contents", []))


def test_on_s3_deleting_a_transcoded_video_deletes_every_object(
    clip_path, s3_storage, django_capture_on_commit_callbacks
):
    video = services.store_video(upload=upload_of(clip_path), captions=vtt_upload())
    services.transcode(video=video)
    # source, captions, master playlist, poster, and per rendition a playlist and a segment
    assert len(bucket_keys(s3_storage)) == 8

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_video(video=video)

    assert bucket_keys(s3_storage) == []


def test_on_s3_a_failed_transcoding_leaves_nothing_but_the_upload(
    clip_path, s3_storage, received, django_capture_on_commit_callbacks
):
    video = services.store_video(upload=upload_of(clip_path))
    s3_storage.delete(video.source.name)
    s3_storage.save(video.source.name, SimpleUploadedFile("x.mp4", b"abime"))

    with django_capture_on_commit_callbacks(execute=True):
        services.transcode(video=video)

    video.refresh_from_db()
    assert video.error == (
        "Ce fichier n'est pas une vidéo lisible. Envoyez un fichier MP4, MOV ou WebM."
    )
    assert bucket_keys(s3_storage) == [video.source.name]
    assert received == [("failed", video.pk)]


def test_on_s3_a_source_gone_from_the_bucket_fails_with_a_message(clip_path, s3_storage):
    video = services.store_video(upload=upload_of(clip_path))
    s3_storage.delete(video.source.name)

    services.transcode(video=video)

    video.refresh_from_db()
    assert (video.status, video.error) == (
        Video.Status.FAILED,
        "Le fichier source de la vidéo a disparu ; envoyez-la à nouveau.",
    )
    assert bucket_keys(s3_storage) == []


def test_when_the_bucket_does_not_answer_an_upload_is_refused_with_a_message(
    clip_path, unreachable_s3_storage
):
    with pytest.raises(services.StorageUnavailable) as refused:
        services.store_video(upload=upload_of(clip_path), captions=vtt_upload())

    assert refused.value.message == (
        "Les vidéos ne peuvent pas être enregistrées pour le moment. Réessayez dans quelques "
        "minutes ; la vidéo déjà publiée reste en ligne."
    )
    assert Video.objects.count() == 0


def test_when_the_bucket_stops_answering_the_transcoding_fails_with_a_message(
    clip_path, s3_storage, settings, received, django_capture_on_commit_callbacks
):
    video = services.store_video(upload=upload_of(clip_path))
    options = settings.STORAGES["default"]["OPTIONS"]
    dead = f"http://127.0.0.1:{free_port()}"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {**options, "endpoint_url": dead}},
    }
    video = Video.objects.get(pk=video.pk)  # its file field now on the silent bucket

    with django_capture_on_commit_callbacks(execute=True):
        services.transcode(video=video)

    video.refresh_from_db()
    assert (video.status, video.error) == (
        Video.Status.FAILED,
        "Les vidéos ne peuvent pas être enregistrées pour le moment. Réessayez dans quelques "
        "minutes ; la vidéo déjà publiée reste en ligne.",
    )
    assert received == [("failed", video.pk)]


def test_deleting_a_video_while_the_bucket_does_not_answer_still_deletes_it(
    unreachable_s3_storage, django_capture_on_commit_callbacks
):
    video = Video.objects.create(
        source="videos/source/a.mp4", playlist="videos/hls/1-aa/master.m3u8"
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_video(video=video)

    assert not Video.objects.filter(pk=video.pk).exists()  # its objects stay, logged
