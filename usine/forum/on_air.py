"""Keeps one packager running per stage whose talk is on air, and turns what ended into replays.

`forum_packager` (the command) calls `reconcile` every second: a talk put on air by an organizer
gets its stage's packager within a second, listening for its speaker's feed; a talk that ended
gets its replay closed as VOD, then handed to the video pipeline. Stopping the command (the fair
stops) leaves live talks as they are: the next start adds a run, a discontinuity, to their streams.
"""

import logging
from dataclasses import dataclass
from pathlib import Path

from . import stream as streams
from .models import Talk, TalkStream
from .packager import Packager

logger = logging.getLogger(__name__)


@dataclass
class OnAir:
    talk_id: int
    stream: TalkStream
    packager: Packager


class StagePackagers:
    def __init__(self, *, log_dir: Path | None = None, input_options: tuple[str, ...] = ()):
        self.log_dir = log_dir
        self.input_options = input_options
        self.running: dict[int, OnAir] = {}

    def reconcile(self) -> None:
        live = {
            talk.stage_id: talk
            for talk in Talk.objects.filter(state=Talk.State.LIVE).select_related("stage")
        }
        for stage_id, on_air in list(self.running.items()):
            talk = live.get(stage_id)
            if talk is None or talk.pk != on_air.talk_id:
                self._finish(stage_id)
        for stage_id, talk in live.items():
            on_air = self.running.get(stage_id)
            if on_air is None:
                self._start(talk)
            elif on_air.stream.on_air_at is None:
                streams.note_on_air(stream=on_air.stream)

    def stop_all(self) -> None:
        for on_air in self.running.values():
            on_air.packager.stop(ended=False)
        self.running.clear()

    def _start(self, talk: Talk) -> None:
        stream = streams.stream_for(talk=talk)
        if stream.replay_closed_at is not None:  # back on air after it ended: replay reopens
            TalkStream.objects.filter(pk=stream.pk).update(replay_closed_at=None)
            stream.replay_closed_at = None
            (streams.folder_path(stream) / "replay.m3u8").unlink(missing_ok=True)
        log = self.log_dir / f"packager-stage-{talk.stage_id}.log" if self.log_dir else None
        packager = Packager(
            source=streams.listener_url(talk=talk),
            out_dir=streams.folder_path(stream),
            log_path=log,
            input_options=self.input_options,
        )
        packager.start()
        self.running[talk.stage_id] = OnAir(talk.pk, stream, packager)
        logger.info("Packager started for the talk %s on the stage %s", talk.pk, talk.stage_id)

    def _finish(self, stage_id: int) -> None:
        on_air = self.running.pop(stage_id)
        state = Talk.objects.filter(pk=on_air.talk_id).values_list("state", flat=True).first()
        ended = state == Talk.State.ENDED
        on_air.packager.stop(ended=ended)
        if not ended:
            return
        try:
            stream = streams.close_replay(stream=on_air.stream)
            streams.archive_replay(stream=stream)
        except Exception:
            # One replay's trouble must not stop the other stages' streams.
            logger.exception("The replay of the talk %s could not be made", on_air.talk_id)
