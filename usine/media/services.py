"""The video pipeline: check an upload, store it, transcode it to HLS, tell the others.

Upload (a request) → `create_video` validates with ffprobe and webvtt BEFORE anything is saved,
stores the source and captions, and once the transaction commits sends
`signals.transcoding_requested`, on which `tasks` queues the transcoding.
The worker calls `transcode`, which writes a fresh HLS folder, reports progress in the database,
and sends `signals.video_ready` or `signals.video_failed` after commit.

Storage: this works on the local filesystem storage (`video.source.path`, files under
MEDIA_ROOT). On S3 the same steps apply with two extra moves: download the source to a temporary
folder before probing/transcoding, and upload the finished HLS folder (and poster) under the same
storage names, e.g. with `default_storage.save(name, File(...))` for each file.
"""

import logging
import secrets
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import webvtt
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from webvtt.errors import MalformedCaptionError, MalformedFileError

from . import ffmpeg
from .ffmpeg import FFmpegError, ProbeResult
from .models import Video
from .signals import transcoding_requested, video_failed, video_ready

logger = logging.getLogger(__name__)

MIN_SECONDS = 1.0
PROGRESS_EVERY_S = 0.5
HLS_DIR = "videos/hls"


class MediaError(Exception):
    """A video or captions problem the exhibitor can fix; the message says how."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidVideo(MediaError):
    pass


class InvalidCaptions(MediaError):
    pass


# --- Checks -------------------------------------------------------------------------------------


def probe(*, path) -> ProbeResult:
    """Describe a video file, or raise InvalidVideo saying why it cannot be used."""
    path = Path(path)
    if path.stat().st_size > settings.VIDEO_MAX_BYTES:
        raise InvalidVideo(_too_big_message())
    try:
        result = ffmpeg.run_probe(path)
    except FFmpegError as exc:
        logger.info("ffprobe refused %s: %s", path, exc)
        raise InvalidVideo(
            _("Ce fichier n'est pas une vidéo lisible. Envoyez un fichier MP4, MOV ou WebM.")
        ) from exc
    if result is None:
        raise InvalidVideo(_("Ce fichier ne contient pas d'image vidéo."))
    if result.duration_s is None or result.duration_s < MIN_SECONDS:
        raise InvalidVideo(_("Cette vidéo est trop courte (moins d'une seconde)."))
    if result.duration_s > settings.VIDEO_MAX_SECONDS:
        raise InvalidVideo(
            _("Cette vidéo dure %(duration)s ; la durée maximale est de %(limit)s.")
            % {
                "duration": _format_duration(result.duration_s),
                "limit": _format_duration(settings.VIDEO_MAX_SECONDS),
            }
        )
    if result.width < 16 or result.height < 16:
        raise InvalidVideo(_("Cette vidéo n'a pas de dimensions lisibles."))
    return result


def validate_captions(*, file) -> None:
    """Raise InvalidCaptions unless `file` is UTF-8 WebVTT with ordered, well-formed cues."""
    if file.size is not None and file.size > settings.CAPTIONS_MAX_BYTES:
        raise InvalidCaptions(
            _("Le fichier de sous-titres dépasse %(limit)s Ko.")
            % {"limit": settings.CAPTIONS_MAX_BYTES // 1024}
        )
    file.seek(0)
    raw = file.read(settings.CAPTIONS_MAX_BYTES + 1)
    file.seek(0)
    if len(raw) > settings.CAPTIONS_MAX_BYTES:
        raise InvalidCaptions(
            _("Le fichier de sous-titres dépasse %(limit)s Ko.")
            % {"limit": settings.CAPTIONS_MAX_BYTES // 1024}
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidCaptions(
            _("Les sous-titres doivent être enregistrés en UTF-8 (octet %(position)s illisible).")
            % {"position": exc.start}
        ) from exc
    try:
        captions = webvtt.from_string(text, strict=True)
    except MalformedFileError as exc:
        raise InvalidCaptions(
            _("Ce n'est pas un fichier WebVTT : la première ligne doit être « WEBVTT ».")
        ) from exc
    except MalformedCaptionError as exc:
        raise InvalidCaptions(
            _("Un minutage de sous-titre est mal écrit (attendu : 00:00:01.000 --> 00:00:03.500).")
        ) from exc
    if len(captions) == 0:
        raise InvalidCaptions(_("Le fichier WebVTT ne contient aucun sous-titre."))
    previous_start = -1
    for number, cue in enumerate(captions, start=1):
        # webvtt-py's *_in_seconds round down to whole seconds: compare milliseconds.
        start, end = cue.start_time.in_milliseconds(), cue.end_time.in_milliseconds()
        if end <= start:
            raise InvalidCaptions(
                _("Le sous-titre n° %(number)s (%(start)s) finit avant de commencer.")
                % {"number": number, "start": cue.start}
            )
        if start < previous_start:
            raise InvalidCaptions(
                _("Le sous-titre n° %(number)s (%(start)s) commence avant le précédent : "
                  "les sous-titres doivent être dans l'ordre.")
                % {"number": number, "start": cue.start}
            )  # fmt: skip
        previous_start = start


# --- Upload -------------------------------------------------------------------------------------


def progress_state(video: Video) -> dict:
    """What a page following a video's conversion shows (static/media/progress.js reads it)."""
    return {
        "status": video.status,
        "progress": video.progress,
        "error": video.error,
        "status_label": video.get_status_display(),
    }


def store_video(*, upload, captions=None) -> Video:
    """Validate the upload and captions, then save them and the Video row (not yet enqueued).

    Raises InvalidVideo/InvalidCaptions before anything is written. Callers that attach the
    video to something call `start_transcoding` in the same transaction as the attachment.
    """
    if upload.size is not None and upload.size > settings.VIDEO_MAX_BYTES:
        raise InvalidVideo(_too_big_message())
    with _local_copy(upload) as path:
        info = probe(path=path)
    if captions is not None:
        validate_captions(file=captions)
    video = Video(duration_s=info.duration_s, width=info.width, height=info.height)
    upload.seek(0)
    video.source.save(_source_name(upload.name), upload, save=False)
    try:
        if captions is not None:
            captions.seek(0)
            video.captions.save("captions.vtt", captions, save=False)
        video.save()
    except BaseException:
        _remove_files(video)
        raise
    return video


def start_transcoding(*, video: Video) -> None:
    """Have the transcoding queued once the current transaction commits."""
    pk = video.pk
    transaction.on_commit(lambda: transcoding_requested.send(sender=Video, video_id=pk))


def create_video(*, upload, captions=None) -> Video:
    """Validate, store and enqueue a new video in one step."""
    video = store_video(upload=upload, captions=captions)
    with transaction.atomic():
        start_transcoding(video=video)
    return video


def set_captions(*, video: Video, file) -> Video:
    """Validate then replace the captions of an existing video (the old file is removed)."""
    validate_captions(file=file)
    old_name = video.captions.name
    file.seek(0)
    video.captions.save("captions.vtt", file, save=False)
    with transaction.atomic():
        Video.objects.filter(pk=video.pk).update(captions=video.captions.name)
        if old_name:
            storage = video.captions.storage
            transaction.on_commit(lambda: storage.delete(old_name))
    return video


def delete_video(*, video: Video) -> None:
    """Delete a video and, after commit, its source, captions and HLS folder."""
    with transaction.atomic():
        # The fresh row knows the HLS folder even if `video` was loaded before transcoding ended.
        fresh = Video.objects.filter(pk=video.pk).first()
        if fresh is None:
            return
        fresh.delete()
        transaction.on_commit(lambda: _remove_files(fresh))


# --- Transcoding (in the worker) ----------------------------------------------------------------


def transcode(*, video: Video) -> Video:
    """Transcode the source to an HLS ladder + poster, reporting progress; never raises for a bad
    video (the video ends `failed` with its reason), re-raises only unexpected errors."""
    try:
        video.refresh_from_db()
    except Video.DoesNotExist:
        return video  # replaced by a newer upload before the worker got to it
    if video.status == Video.Status.READY:
        return video  # a retried task must not redo (or unpublish) finished work
    _update(video, status=Video.Status.PROCESSING, progress=0, error="")
    folder = f"{HLS_DIR}/{video.pk}-{secrets.token_hex(4)}"
    out_dir = Path(settings.MEDIA_ROOT) / folder
    try:
        source = Path(video.source.path)
        if not source.exists():
            raise InvalidVideo(_("Le fichier source de la vidéo a disparu ; envoyez-la à nouveau."))
        info = probe(path=source)
        for rendition in ffmpeg.LADDER:
            (out_dir / rendition.name).mkdir(parents=True, exist_ok=True)
        ffmpeg.run_with_progress(
            ffmpeg.hls_command(source=source, out_dir=out_dir, probe=info),
            on_out_time=_progress_reporter(video, info.duration_s),
            timeout_s=max(600.0, info.duration_s * 20),
        )
        at = min(max(1.0, info.duration_s * 0.1), info.duration_s / 2)
        ffmpeg.run_quiet(
            ffmpeg.poster_command(source=source, target=out_dir / "poster.jpg", at_s=at),
            timeout_s=ffmpeg.POSTER_TIMEOUT_S,
        )
        if not (out_dir / "master.m3u8").exists() or not (out_dir / "poster.jpg").exists():
            raise FFmpegError("ffmpeg ended without writing the playlist or the poster")
    except (MediaError, FFmpegError, OSError) as exc:
        shutil.rmtree(out_dir, ignore_errors=True)
        logger.warning("Transcoding video %s failed: %s", video.pk, exc)
        message = exc.message if isinstance(exc, MediaError) else _failure_message()
        _finish(video, video_failed, status=Video.Status.FAILED, error=message)
        return video
    except BaseException:
        shutil.rmtree(out_dir, ignore_errors=True)
        logger.exception("Transcoding video %s crashed", video.pk)
        _finish(video, video_failed, status=Video.Status.FAILED, error=_failure_message())
        raise
    found = _finish(
        video,
        video_ready,
        status=Video.Status.READY,
        progress=100,
        error="",
        playlist=f"{folder}/master.m3u8",
        poster=f"{folder}/poster.jpg",
        duration_s=info.duration_s,
        width=info.width,
        height=info.height,
    )
    if not found:  # deleted while we worked (replaced by a newer upload): drop the output
        shutil.rmtree(out_dir, ignore_errors=True)
    return video


def _finish(video: Video, signal, **fields) -> bool:
    with transaction.atomic():
        found = _update(video, **fields)
        if found:
            transaction.on_commit(lambda: signal.send(sender=Video, video=video))
    return found


def _update(video: Video, **fields) -> bool:
    for name, value in fields.items():
        setattr(video, name, value)
    # update() rather than save(): the exhibitor may replace the captions meanwhile.
    return bool(Video.objects.filter(pk=video.pk).update(**fields))


def _progress_reporter(video: Video, duration_s: float):
    last = {"at": 0.0, "value": 0}

    def report(out_time_s: float) -> None:
        # 99 at most: 100 means "ready", written with the playlist in one update.
        value = min(99, int(out_time_s * 100 / duration_s))
        now = time.monotonic()
        if value > last["value"] and now - last["at"] >= PROGRESS_EVERY_S:
            last.update(at=now, value=value)
            _update(video, progress=value)

    return report


# --- Helpers ------------------------------------------------------------------------------------


@contextmanager
def _local_copy(upload):
    """A path to the uploaded bytes: Django's temporary file, or a copy of a small in-memory one."""
    if hasattr(upload, "temporary_file_path"):
        yield Path(upload.temporary_file_path())
        return
    with tempfile.NamedTemporaryFile(prefix="usine-upload-", suffix=".bin") as handle:
        upload.seek(0)
        for chunk in upload.chunks():
            handle.write(chunk)
        handle.flush()
        upload.seek(0)
        yield Path(handle.name)


def _source_name(original: str) -> str:
    suffix = Path(original or "").suffix.lower()
    if not (suffix[1:].isalnum() and len(suffix) <= 6):
        suffix = ".video"
    return f"{secrets.token_hex(8)}{suffix}"


def _remove_files(video: Video) -> None:
    for field in (video.source, video.captions):
        if field.name:
            field.storage.delete(field.name)
    if video.playlist.startswith(f"{HLS_DIR}/"):
        folder = (Path(settings.MEDIA_ROOT) / video.playlist).parent
        hls_root = (Path(settings.MEDIA_ROOT) / HLS_DIR).resolve()
        if folder.resolve().parent == hls_root:  # never anything outside one video's folder
            shutil.rmtree(folder, ignore_errors=True)


def _too_big_message() -> str:
    return _("Cette vidéo dépasse la taille maximale de %(limit)s Mo.") % {
        "limit": settings.VIDEO_MAX_BYTES // (1024 * 1024) or 1
    }


def _failure_message() -> str:
    return _(
        "La conversion de la vidéo a échoué. Vérifiez le fichier (format MP4, MOV ou WebM) "
        "et envoyez-le à nouveau ; la vidéo déjà publiée reste en ligne."
    )


def _format_duration(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 60} min {seconds % 60:02d} s"
