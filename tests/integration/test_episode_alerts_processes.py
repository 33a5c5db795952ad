"""Several OS processes run the alert jobs on one database file: each alert is raised once."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

from mrss_tui.clock import FrozenClock, SystemClock
from mrss_tui.config import build_config
from mrss_tui.domain.enums import Role
from mrss_tui.store.db import Store
from mrss_tui.workflow.context import SYSTEM, Actor, Session
from tests.conftest import T0
from tests.episode_helpers import face_to_face, open_episode

EPISODES = 40
ROUNDS = 5


def _seed(path: Path, now: datetime) -> None:
    """Episodes that each owe a follow-up overdue, a crisis-window and a no-safety-plan alert."""
    config = build_config({})
    with Store.open(path, create=True, clock=FrozenClock(now)) as store:
        coord = store.staff.create("system", login="coord", name="Coord", role=Role.COORDINATOR)
        medic = store.staff.create("system", login="clin", name="Clin", role=Role.CLINICIAN)
        session = Session(store, config, Actor.of(coord), FrozenClock(now))
        clinician = Session(store, config, Actor.of(medic), FrozenClock(now))
        for i in range(EPISODES):
            f2f = now - timedelta(hours=70, minutes=i)
            episode = open_episode(session, received=f2f - timedelta(hours=1), team=[clinician])
            face_to_face(session, episode.id, f2f, staff=clinician)


def _run_rules(path: str, now_iso: str, barrier, results) -> None:
    from mrss_tui.workflow.episode_alerts import run_alert_rules

    now = datetime.fromisoformat(now_iso)
    with Store.open(path, clock=FrozenClock(now)) as store:
        session = Session(store, build_config({}), SYSTEM, FrozenClock(now))
        barrier.wait()
        raised = sum(run_alert_rules(session) for _ in range(ROUNDS))
    results.put((os.getpid(), raised))


def test_two_processes_raise_each_alert_exactly_once(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    _seed(path, T0)
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    workers = [ctx.Process(target=_run_rules, args=(str(path), T0.isoformat(), barrier, results))
               for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
        assert worker.exitcode == 0
    raised = [results.get(timeout=5) for _ in workers]
    assert len({pid for pid, _ in raised}) == 2
    with Store.open(path) as store:
        rows = store.all("SELECT kind, subject_type, subject_id, due_at FROM alerts")
        audit_raises = store.scalar("SELECT count(*) FROM audit WHERE action = 'alert.raise'")
    expected = EPISODES * 3
    assert len(rows) == expected
    assert len({tuple(r) for r in rows}) == expected
    assert sum(n for _, n in raised) == expected == audit_raises  # nobody claims another's alert


def test_mrss_worker_once_raises_alerts_then_none(tmp_path: Path) -> None:
    """The real command, on data made relative to the real clock."""
    path = tmp_path / "worker.db"
    _seed(path, SystemClock().now())
    command = [sys.executable, "-m", "mrss_tui", "--db", str(path), "worker", "--once"]
    # The worker also files the weekly report in the XDG data folder: keep it in tmp.
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg"), "XDG_STATE_HOME": str(tmp_path)}
    first = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
    assert first.returncode == 0, first.stderr
    assert f"alerts.episodes: {EPISODES * 2}" in first.stdout
    assert f"alerts.followups: {EPISODES}" in first.stdout
    second = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
    assert "alerts.episodes: 0" in second.stdout and "alerts.followups: 0" in second.stdout
