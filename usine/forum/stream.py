"""The Forum's live streams and replays, as the fair sees them.

A stage's packager (packager.py, run by `manage.py forum_packager`) streams the stage's talk on
air. These functions say where each talk's feed comes in and its HLS goes out, what the talk page
plays, and turn an ended talk's stream into its replay: closed as VOD at once (watchable within
seconds), then handed to the video pipeline (usine/media), which makes its poster and stores it
like any video, on the local disk or S3, with the published captions. A replay is shown only
with published captions; the questions answered on air are its chapters.
"""

import logging
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone

from usine.media import services as media
from usine.media.ffmpeg import ffmpeg_binary

from . import captions, hls, ingest, questions
from .models import Stage, StageFeed, Talk, TalkCaptions, TalkStream

logger = logging.getLogger(__name__)

REMUX_TIMEOUT_S = 600


def feed_for(*, stage: Stage) -> StageFeed:
    """The stage's SRT port, given on first need (the next after the fair's base port)."""
    for _attempt in range(5):
        found = StageFeed.objects.filter(stage=stage).first()
        if found:
            return found
        taken = StageFeed.objects.order_by("-srt_port").values_list("srt_port", flat=True).first()
        port = settings.FORUM_SRT_PORT if taken is None else taken + 1
        try:
            with transaction.atomic():
                return StageFeed.objects.create(stage=stage, srt_port=port)
        except IntegrityError:
            continue  # another process took that port (or that stage) meanwhile
    raise RuntimeError(f"no SRT port for the stage {stage.pk}")


def stream_for(*, talk: Talk) -> TalkStream:
    stream, _created = TalkStream.objects.get_or_create(talk=talk)
    return stream


def folder_path(stream: TalkStream) -> Path:
    return Path(settings.MEDIA_ROOT) / stream.folder


def listener_url(*, talk: Talk) -> str:
    """The packager's input for the talk: its stage's port, the talk's passphrase."""
    feed, stream = feed_for(stage=talk.stage), stream_for(talk=talk)
    return ingest.listener_url(
        host=settings.FORUM_SRT_HOST, port=feed.srt_port, passphrase=stream.passphrase
    )


def encoder_settings(*, talk: Talk) -> dict:
    """What the speaker's AV team types into OBS or its encoder (organizers and speakers only)."""
    feed, stream = feed_for(stage=talk.stage), stream_for(talk=talk)
    host = settings.FORUM_SRT_PUBLIC_HOST
    return {
        "url": ingest.caller_url(host=host, port=feed.srt_port, passphrase=stream.passphrase),
        "host": host,
        "port": feed.srt_port,
        "passphrase": stream.passphrase,
        "keyframe_seconds": hls.SEGMENT_SECONDS,
    }


def note_on_air(*, stream: TalkStream) -> datetime | None:
    """Record when the stream's first segment began (from its program date-time)."""
    if stream.on_air_at is not None:
        return stream.on_air_at
    segments = hls.read_segments(folder_path(stream) / hls.SOURCE.name)
    if not segments or not segments[0].program_date_time:
        return None
    try:
        started = datetime.fromisoformat(segments[0].program_date_time)
    except ValueError:
        started = timezone.now()
    TalkStream.objects.filter(pk=stream.pk, on_air_at__isnull=True).update(on_air_at=started)
    stream.on_air_at = started
    return started


def close_replay(*, stream: TalkStream) -> TalkStream:
    """The packager closed the replay playlist (VOD): the replay is watchable from now."""
    master = folder_path(stream) / hls.REPLAY_NAME
    if not master.exists():
        return stream  # nothing was ever streamed
    segments = hls.read_segments(folder_path(stream) / hls.SOURCE.name)
    note_on_air(stream=stream)
    stream.replay_closed_at = timezone.now()
    stream.replay_seconds = round(sum(s.duration for s in segments), 3)
    stream.save(update_fields=["replay_closed_at", "replay_seconds"])
    return stream


def archive_replay(*, stream: TalkStream) -> TalkStream:
    """Give the closed replay to the video pipeline: one file (the source rendition remuxed,
    no re-encoding), validated and queued for the poster and the ladder like any upload."""
    playlist = folder_path(stream) / hls.SOURCE.name / hls.REPLAY_NAME
    if stream.replay_closed_at is None or not playlist.exists():
        return stream
    with tempfile.TemporaryDirectory(prefix="usine-replay-") as work:
        target = Path(work) / "replay.mp4"
        command = [
            ffmpeg_binary(), "-v", "error", "-nostdin", "-y", "-i", str(playlist),
            "-map", "0:v:0", "-map", "0:a:0", "-c", "copy", "-bsf:a", "aac_adtstoasc",
            "-movflags", "+faststart", str(target),
        ]  # fmt: skip
        completed = subprocess.run(command, capture_output=True, timeout=REMUX_TIMEOUT_S)
        if completed.returncode != 0 or not target.exists():
            logger.error("Remuxing the replay of %s failed: %s", stream, completed.stderr[-600:])
            return stream
        with target.open("rb") as handle:
            video = media.store_video(
                upload=File(handle, name="replay.mp4"),
                captions=captions.published_file(talk=stream.talk),
                limits=False,
            )
    with transaction.atomic():
        previous = stream.replay_video
        stream.replay_video = video
        stream.save(update_fields=["replay_video"])
        media.start_transcoding(video=video)
    if previous is not None:  # the talk went back on air and ended again
        media.delete_video(video=previous)
    return stream


def player(*, talk: Talk, editing: bool = False) -> dict:
    """What the talk page plays: the live playlists while on air, else the replay once it is
    public (closed, with published captions: captions.is_published), as media URLs. The caption
    editor (`editing`, organizers) gets the replay before its captions are published. Viewers
    are never given the replay while the talk is live."""
    stream = TalkStream.objects.filter(talk=talk).select_related("replay_video").first()
    nothing = {"live": None, "replay": None}
    if stream is None:
        return nothing
    url = settings.MEDIA_URL
    if talk.state == Talk.State.LIVE:
        folder = f"{url}{stream.folder}"
        return {
            "live": {
                "auto": f"{folder}/{hls.LIVE_NAME}",
                "low": f"{folder}/{hls.LOW.name}/{hls.LIVE_NAME}",
                "audio": f"{folder}/{hls.AUDIO.name}/{hls.LIVE_NAME}",
            },
            "replay": None,
        }
    if talk.state != Talk.State.ENDED or not (editing or captions.is_published(talk)):
        return nothing
    video = stream.replay_video
    written = TalkCaptions.objects.filter(talk=talk).exclude(file="").first()
    track = written.file.url if written else ""
    if video is not None and video.is_ready:
        storage = video.source.storage
        replay = {"url": storage.url(video.playlist), "poster": storage.url(video.poster)}
        if video.captions and not editing:
            track = video.captions.url  # the published captions, beside the video
    elif stream.replay_closed_at is not None:
        replay = {"url": f"{url}{stream.replay_playlist}", "poster": ""}
    else:
        return nothing
    chapters = [
        {"seconds": int(row["answered_at_s"]), "text": row["text"], "author": row["author"]}
        for row in questions.answered_chapters(talk=talk)
    ]
    return {"live": None, "replay": {**replay, "captions": track, "chapters": chapters}}
