"""Keeps one packager running per stage whose talk is on air, and turns what ended into replays.

`forum_packager` (the command) calls `reconcile` every second: a talk put on air by an organizer
gets its stage's packager within a second, listening for its speaker's feed (SRT from an
encoder, or the browser studio's feeds that Janus is asked to forward, every pass: when the feeds
on air change, a speaker back under a new feed or joining a round table, the packager switches to
them, and forwarding waits for the run under way to end); a talk that ended
gets its replay closed as VOD, then handed to the video pipeline. Stopping the command (the fair
stops) leaves live talks as they are: the next start adds a run, a discontinuity, to their streams.
"""

import logging
from dataclasses import dataclass, field
from pathlib import Path

from usine.live.video import JanusError

from . import stream as streams
from . import studio
from .models import Talk, TalkStream
from .packager import Feed, Packager

logger = logging.getLogger(__name__)


@dataclass
class OnAir:
    talk_id: int
    stream: TalkStream
    packager: Packager
    source: str = TalkStream.Source.ENCODER
    # The studio's feeds on air (studio.on_air_feeds) and when each was first seen.
    feeds: tuple = ()
    seen: dict = field(default_factory=dict)


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
            elif self._source(on_air) != on_air.source:  # an organizer switched the feed
                self.running.pop(stage_id).packager.stop(ended=False)
        for stage_id, talk in live.items():
            on_air = self.running.get(stage_id)
            if on_air is None:
                self._start(talk)
                on_air = self.running[stage_id]
            elif on_air.stream.on_air_at is None:
                streams.note_on_air(stream=on_air.stream)
            if on_air.source == TalkStream.Source.STUDIO:
                self._follow_studio(talk, on_air)

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
        if stream.source == TalkStream.Source.STUDIO:
            source = str(studio.sdp_path(streams.feed_for(stage=talk.stage)))
            options = (*studio.SDP_INPUT_OPTIONS, *self.input_options)
        else:
            source, options = streams.listener_url(talk=talk), self.input_options
        packager = Packager(
            source=source, out_dir=streams.folder_path(stream), log_path=log, input_options=options
        )
        packager.start()
        self.running[talk.stage_id] = OnAir(talk.pk, stream, packager, stream.source)
        logger.info("Packager started for the talk %s on the stage %s", talk.pk, talk.stage_id)

    @staticmethod
    def _follow_studio(talk: Talk, on_air: OnAir) -> None:
        stage_feed = streams.feed_for(stage=talk.stage)
        try:
            feeds = studio.on_air_feeds(talk=talk, seen=on_air.seen)
            if feeds != on_air.feeds:
                # Names are written on a round table's tiles; one feed is copied as it comes.
                layout = tuple(
                    Feed(
                        str(studio.sdp_path(stage_feed, slot)), feed.name if len(feeds) > 1 else ""
                    )
                    for slot, feed in enumerate(feeds)
                ) or (Feed(str(studio.sdp_path(stage_feed))),)
                on_air.packager.switch(layout)
                on_air.feeds = feeds
            # The run reading the previous feeds must not get the new ones' packets.
            if not on_air.packager.switching:
                studio.forward(talk=talk, feed=stage_feed, feeds=feeds)
        except JanusError as error:
            # Janus away must not stop the other stages.
            logger.warning("No studio feed for the talk %s: %s", talk.pk, error)

    @staticmethod
    def _source(on_air: OnAir) -> str:
        found = TalkStream.objects.filter(pk=on_air.stream.pk).values_list("source", flat=True)
        return found.first() or on_air.source

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
