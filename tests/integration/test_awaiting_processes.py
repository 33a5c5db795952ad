"""Many awaiting dispatches, several workers at once (issue 20): three real ``mrss worker --once``
processes on a file with 60 mobile-dispatch calls nobody paged, all past the alert time: every
dispatch gets exactly one awaiting-team alert (not the 50 oldest), however the runs interleave."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from mrss_tui.clock import FrozenClock, SystemClock
from mrss_tui.config import build_config
from mrss_tui.domain.enums import AlertKind, Role
from mrss_tui.store.db import Store
from mrss_tui.workflow.context import Actor, Session
from tests.unit.test_job_backlogs import awaiting_calls

CALLS = 60


def test_three_workers_alert_every_awaiting_dispatch_once(tmp_path: Path) -> None:
    db = tmp_path / "mrss.db"
    minutes = build_config({}).paging.awaiting_alert_minutes
    recorded = SystemClock().now() - timedelta(minutes=minutes + 1)  # all past the alert time
    with Store.open(db, create=True, clock=FrozenClock(recorded)) as store:
        coord = store.staff.create("system", login="coord", name="Coord Person",
                                   role=Role.COORDINATOR)
        awaiting_calls(Session(store, build_config({}), Actor.of(coord), store.clock), CALLS)
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg"),
           "XDG_STATE_HOME": str(tmp_path / "state"), "MRSS_OUTPUT": str(tmp_path / "out")}
    workers = [subprocess.Popen([sys.executable, "-m", "mrss_tui", "--db", str(db), "worker",
                                 "--once"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=env) for _ in range(3)]
    outputs = [worker.communicate(timeout=300) for worker in workers]
    for worker, (out, err) in zip(workers, outputs):
        assert worker.returncode in (0, 1), err  # 1: a job reported a failure (none expected)
        assert "Traceback" not in err
    raised = sum(int(line.split(": ")[1].split()[0]) for out, _err in outputs
                 for line in out.splitlines() if line.startswith("dispatch.awaiting: "))
    with Store.open(db) as store:
        per_dispatch = store.all("SELECT subject_id, count(*) FROM alerts WHERE kind = ? "
                                 "GROUP BY subject_id", (AlertKind.AWAITING_TEAM.value,))
    assert len(per_dispatch) == CALLS and all(n == 1 for _id, n in per_dispatch)
    assert raised == CALLS  # the three runs between them raised each alert once
