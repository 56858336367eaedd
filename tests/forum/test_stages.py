"""Where an approved question's time goes, stage by stage, as the talk's log line tells it."""

import logging

from usine.forum import stages
from usine.forum.stages import Stages


def test_each_stage_of_an_approval_is_timed_from_its_arrival_to_the_sockets(caplog, monkeypatch):
    timings = Stages(talk_id=4)
    timings.receiving(7, now=100.0)
    timings.receiving("not an id", now=100.0)
    timings.approved(7, committed=100.25)
    timings.shown([3, 7], read=100.5, read_done=100.55, built=100.56, written=100.6)
    timings.wrote(sockets=2000, seconds=0.04, through_asgi=1)
    timings.skipped, timings.resynced = 3, 2

    report = timings.report()
    assert {stage: round(report[stage][1]) for stage in stages.STAGES} == {
        "commit": 250,
        "turn": 250,
        "read": 50,
        "build": 10,
        "write": 40,
        "total": 600,
    }
    assert (report["approvals"], report["sockets"], round(report["write_p95"])) == (1, 2000, 40)
    assert (report["skipped"], report["resynced"], report["through_asgi"]) == (3, 2, 1)
    # Shown once: a later snapshot holding it again counts nothing more.
    timings.shown([7], read=101.5, read_done=101.55, built=101.56, written=101.6)
    assert timings.report()["approvals"] == 1

    monkeypatch.setattr(stages, "LOG_EVERY_S", 0.0)
    with caplog.at_level(logging.INFO, logger="usine.forum.rooms"):
        timings.tick()
    assert caplog.messages == [
        "forum talk 4: 1 approvals shown, ms p50/p95 commit 250/250 turn 250/250 read 50/50 "
        "build 10/10 write 40/40 total 600/600; 1 snapshots to 2000 sockets (1 through the "
        "ASGI send), written in 40 ms p95; 3 sockets skipped (not reading), 2 resynced"
    ]
    assert timings.report()["approvals"] == 0
