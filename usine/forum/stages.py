"""Where an approved question's time goes on its way to the audience, per talk and process:
the organizer's approval received → written to the database (committed) → the snapshot's read
begun (the room's turn) → read → the frames built → written to every local socket. With the
snapshot writes (sockets, time, skipped because their client was not reading, resynced later),
logged every LOG_EVERY_S at INFO: `forum talk 3: 41 approvals shown, ms p50/p95 …`."""

import logging
import time
from collections import deque

logger = logging.getLogger("usine.forum.rooms")

LOG_EVERY_S = 10.0
# An approval not seen in a snapshot this long (hidden at once, or off the lists) is forgotten.
FORGET_AFTER_S = 60.0
STAGES = ("commit", "turn", "read", "build", "write", "total")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


class Stages:
    """One talk's timings in this process (monotonic seconds in, milliseconds out)."""

    def __init__(self, talk_id: int):
        self.talk_id = talk_id
        self.received: dict[int, float] = {}  # question → when its approval came
        self.committed: dict[int, tuple[float, float]] = {}  # question → (received, committed)
        self.samples: dict[str, deque] = {stage: deque(maxlen=10_000) for stage in STAGES}
        self.writes: deque = deque(maxlen=1_000)  # (sockets, seconds) per snapshot written
        self.through_asgi = 0  # sockets of the last snapshot written without a `Wire`
        self.skipped = 0
        self.resynced = 0
        self.logged_at = time.monotonic()

    def receiving(self, question_id, *, now: float | None = None) -> None:
        """An organizer's approval of the question came (before it is written)."""
        if isinstance(question_id, int) and len(self.received) < 10_000:
            self.received[question_id] = time.monotonic() if now is None else now

    def approved(self, question_id: int, *, committed: float) -> None:
        received = self.received.pop(question_id, committed)
        self.committed[question_id] = (received, committed)

    def shown(self, question_ids, *, read: float, read_done: float, built: float, written: float):
        """A snapshot holding `question_ids` was read from `read` on and written at `written`."""
        for question_id in question_ids:
            times = self.committed.pop(question_id, None)
            if times is None:
                continue
            received, committed = times
            for stage, seconds in zip(
                STAGES,
                (
                    committed - received,
                    max(0.0, read - committed),
                    read_done - read,
                    built - read_done,
                    written - built,
                    written - received,
                ),
                strict=True,
            ):
                self.samples[stage].append(seconds * 1000)

    def wrote(self, *, sockets: int, seconds: float, through_asgi: int) -> None:
        self.writes.append((sockets, seconds * 1000))
        self.through_asgi = through_asgi

    def report(self) -> dict:
        """Percentiles so far: {stage: (p50, p95)}, the writes', and the counts."""
        return {
            "approvals": len(self.samples["total"]),
            **{
                stage: (percentile(list(values), 0.5), percentile(list(values), 0.95))
                for stage, values in self.samples.items()
            },
            "snapshots": len(self.writes),
            "sockets": max((sockets for sockets, _ms in self.writes), default=0),
            "write_p95": percentile([ms for _sockets, ms in self.writes], 0.95),
            "skipped": self.skipped,
            "resynced": self.resynced,
            "through_asgi": self.through_asgi,
        }

    def tick(self) -> None:
        """Forget stale approvals; log and start afresh every LOG_EVERY_S."""
        now = time.monotonic()
        if now - self.logged_at < LOG_EVERY_S:
            return
        self.logged_at = now
        for question_id, (received, _committed) in list(self.committed.items()):
            if now - received > FORGET_AFTER_S:
                del self.committed[question_id]
        for question_id, received in list(self.received.items()):
            if now - received > FORGET_AFTER_S:
                del self.received[question_id]
        if not self.writes and not self.skipped:
            return
        report = self.report()
        logger.info(
            "forum talk %s: %d approvals shown, ms p50/p95 %s; %d snapshots to %d sockets "
            "(%d through the ASGI send), written in %.0f ms p95; %d sockets skipped (not "
            "reading), %d resynced",
            self.talk_id,
            report["approvals"],
            " ".join(f"{stage} {report[stage][0]:.0f}/{report[stage][1]:.0f}" for stage in STAGES),
            report["snapshots"],
            report["sockets"],
            report["through_asgi"],
            report["write_p95"],
            report["skipped"],
            report["resynced"],
        )
        for values in self.samples.values():
            values.clear()
        self.writes.clear()
        self.skipped = self.resynced = 0
