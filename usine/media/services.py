"""The video pipeline: check an upload, store it, transcode it to HLS, tell the others.

Upload (a request) → `create_video` validates with ffprobe and webvtt BEFORE anything is saved,
stores the source and captions, and once the transaction commits sends
`signals.transcoding_requested`, on which `tasks` queues the transcoding.
The worker calls `transcode`, which writes a fresh HLS folder, reports progress in the database,
and sends `signals.video_ready` or `signals.video_failed` after commit.

Storage: every file goes through Django's storage API (`default_storage`), so the same steps
run on the local media folder and on an S3 bucket (usine/media/storage.py). The worker reads the
source from its local path when the storage has one, or downloads it to a temporary folder;
ffmpeg always writes into a temporary folder, whose files are then saved to the storage under
`videos/hls/<id>-<random>/…` (master playlist last, so a listed playlist is always complete).
"""

import logging
import secrets
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import webvtt
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _
from webvtt.errors import MalformedCaptionError, MalformedFileError

from . import ffmpeg
from .ffmpeg import FFmpegError, ProbeResult
from .folders import HLS_DIR
from .models import Video
from .signals import transcoding_requested, video_failed, video_ready

logger = logging.getLogger(__name__)

MIN_SECONDS = 1.0
PROGRESS_EVERY_S = 0.5
PUBLISH_THREADS = 8


class MediaError(Exception):
    """A video or captions problem the exhibitor can fix; the message says how."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidVideo(MediaError):
    pass


class InvalidCaptions(MediaError):
    pass


class StorageUnavailable(MediaError):
    """The media storage (the disk, the S3 bucket) did not take or give a file."""


# What a storage raises when it cannot be reached or refuses a file: not the exhibitor's fault.
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)


# --- Checks -------------------------------------------------------------------------------------


def probe(*, path, limits: bool = True) -> ProbeResult:
    """Describe a video file, or raise InvalidVideo saying why it cannot be used. `limits`: the
    upload limits of size and duration apply (not to a Forum replay, made by the fair itself)."""
    path = Path(path)
    if limits and path.stat().st_size > settings.VIDEO_MAX_BYTES:
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
    if limits and result.duration_s > settings.VIDEO_MAX_SECONDS:
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


def store_video(*, upload, captions=None, limits: bool = True) -> Video:
    """Validate the upload and captions, then save them and the Video row (not yet enqueued).
    `limits=False` for the fair's own long videos (Forum replays), never for an upload.

    Raises InvalidVideo/InvalidCaptions before anything is written. Callers that attach the
    video to something call `start_transcoding` in the same transaction as the attachment.
    """
    if limits and upload.size is not None and upload.size > settings.VIDEO_MAX_BYTES:
        raise InvalidVideo(_too_big_message())
    with _local_copy(upload) as path:
        info = probe(path=path, limits=limits)
    if captions is not None:
        validate_captions(file=captions)
    video = Video(duration_s=info.duration_s, width=info.width, height=info.height)
    try:
        upload.seek(0)
        video.source.save(_source_name(upload.name), upload, save=False)
        if captions is not None:
            captions.seek(0)
            video.captions.save(_captions_name(), captions, save=False)
        video.save()
    except STORAGE_ERRORS as error:
        logger.error("Storing an uploaded video failed: %r", error)
        _remove_files(video)
        raise StorageUnavailable(_storage_message()) from error
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
    try:
        video.captions.save(_captions_name(), file, save=False)
    except STORAGE_ERRORS as error:
        logger.error("Storing the captions of video %s failed: %r", video.pk, error)
        raise StorageUnavailable(_storage_message()) from error
    with transaction.atomic():
        # save(), not update(): pages showing the video learn of the change (town/signals.py).
        video.save(update_fields=["captions"])
        if old_name:
            storage = video.captions.storage
            transaction.on_commit(lambda: _delete_quietly(storage.delete, old_name))
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
    folder = f"{HLS_DIR}{video.pk}-{secrets.token_hex(4)}"
    storage = video.source.storage
    try:
        with tempfile.TemporaryDirectory(prefix="usine-transcode-") as work:
            out_dir = Path(work) / "hls"
            with _source_file(video, Path(work)) as source:
                # The limits held when the video was stored (a replay has none).
                info = probe(path=source, limits=False)
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
            _publish_folder(out_dir, storage=storage, folder=folder)
    except (MediaError, FFmpegError, *STORAGE_ERRORS) as exc:
        _delete_quietly(_delete_folder, storage, folder)
        logger.warning("Transcoding video %s failed: %r", video.pk, exc)
        if isinstance(exc, MediaError):
            message = exc.message
        elif isinstance(exc, BotoCoreError | ClientError):
            message = _storage_message()
        else:
            message = _failure_message()
        _finish(video, video_failed, status=Video.Status.FAILED, error=message)
        return video
    except BaseException:
        _delete_quietly(_delete_folder, storage, folder)
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
        _delete_folder(storage, folder)
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


@contextmanager
def _source_file(video: Video, work: Path):
    """A local path to the video's source: its own on the local disk, else a download."""
    storage, name = video.source.storage, video.source.name
    if not name or not storage.exists(name):
        raise InvalidVideo(_("Le fichier source de la vidéo a disparu ; envoyez-la à nouveau."))
    try:
        local = Path(storage.path(name))
    except NotImplementedError:  # a remote storage (S3): no path
        local = None
    if local is not None:
        yield local
        return
    target = work / f"source{Path(name).suffix}"
    with storage.open(name, "rb") as remote, target.open("wb") as local:
        shutil.copyfileobj(remote, local, 1024 * 1024)
    yield target


def _publish_folder(out_dir: Path, *, storage, folder: str) -> None:
    """Save every file ffmpeg wrote under `folder` in the storage: the segments and poster,
    then the renditions' playlists, then the master, so that a player finding a playlist finds
    everything it names. Files of one step go up together: on S3 each is a request or two."""
    files = [path for path in out_dir.rglob("*") if path.is_file()]
    steps = [
        [path for path in files if path.suffix != ".m3u8"],
        [path for path in files if path.suffix == ".m3u8" and path.name != "master.m3u8"],
        [path for path in files if path.name == "master.m3u8"],
    ]

    def save(path: Path) -> None:
        name = f"{folder}/{path.relative_to(out_dir).as_posix()}"
        with path.open("rb") as handle:
            saved = storage.save(name, File(handle, name=path.name))
        if saved != name:  # playlists link to their files by these exact names
            raise OSError(f"the storage saved {name} as {saved}")

    with ThreadPoolExecutor(max_workers=PUBLISH_THREADS) as pool:
        for step in steps:
            for done in [pool.submit(save, path) for path in sorted(step)]:
                done.result()  # the first failure stops the publication


def _delete_folder(storage, folder: str) -> None:
    """Delete one video's HLS folder (never anything outside `videos/hls/<one folder>`)."""
    parts = folder.strip("/").split("/")
    if parts[:2] != HLS_DIR.strip("/").split("/") or len(parts) != 3 or parts[2] in ("", ".", ".."):
        return
    if hasattr(storage, "delete_folder"):  # the bucket: batched deletes by prefix
        storage.delete_folder(folder)
        return
    try:
        shutil.rmtree(storage.path(folder), ignore_errors=True)
    except NotImplementedError:
        _delete_tree(storage, folder)


def _delete_tree(storage, folder: str) -> None:
    directories, files = storage.listdir(folder)
    for name in files:
        storage.delete(f"{folder}/{name}")
    for name in directories:
        _delete_tree(storage, f"{folder}/{name}")


def _captions_name() -> str:
    # Captions are public (folders.py): a name nobody can guess before the video is published.
    return f"{secrets.token_hex(8)}.vtt"


def _remove_files(video: Video) -> None:
    for field in (video.source, video.captions):
        if field.name:
            _delete_quietly(field.storage.delete, field.name)
    if video.playlist:
        _delete_quietly(_delete_folder, video.source.storage, video.playlist.rsplit("/", 1)[0])


def _delete_quietly(delete, *args) -> None:
    """Delete files that nobody links any more; a storage that fails leaves them behind (and
    a line in the log), never fails the request or the task that let them go."""
    try:
        delete(*args)
    except STORAGE_ERRORS as error:
        logger.error("Could not delete %s from the media storage: %r", args[-1], error)


def _too_big_message() -> str:
    return _("Cette vidéo dépasse la taille maximale de %(limit)s Mo.") % {
        "limit": settings.VIDEO_MAX_BYTES // (1024 * 1024) or 1
    }


def _storage_message() -> str:
    return _(
        "Les vidéos ne peuvent pas être enregistrées pour le moment. Réessayez dans quelques "
        "minutes ; la vidéo déjà publiée reste en ligne."
    )


def _failure_message() -> str:
    return _(
        "La conversion de la vidéo a échoué. Vérifiez le fichier (format MP4, MOV ou WebM) "
        "et envoyez-le à nouveau ; la vidéo déjà publiée reste en ligne."
    )


def _format_duration(seconds: float) -> str:
    seconds = round(seconds)
    return f"{seconds // 60} min {seconds % 60:02d} s"
