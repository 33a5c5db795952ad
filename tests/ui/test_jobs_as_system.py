"""Background jobs act as the system: logging in with any of the 7 roles gives no error toast
and no crash file, and what the jobs write is written by 'system', not by whoever is logged in."""

from __future__ import annotations

from pathlib import Path

import pytest

from mrss_tui.app import MrssApp
from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.domain.enums import Role
from mrss_tui.store.db import Store
from mrss_tui.workflow.context import open_session
from tests.conftest import T0

MAX_WAIT_STEPS = 200  # x 0.05 s: a bound, not a timing assertion


def login_for(db: Path, role: Role) -> str:
    with Store.open(db, migrate_schema=False) as store:
        existing = next((s for s in store.staff.list(active_only=True) if s.role is role), None)
        if existing:
            return existing.login
        return store.staff.create("system", login=f"t_{role.value}", name="Test",
                                  role=role).login


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.asyncio
async def test_login_runs_only_allowed_jobs_as_system_without_problems(
        demo_db: Path, role: Role, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))  # where crash files would go
    login = login_for(demo_db, role)
    with Store.open(demo_db, migrate_schema=False) as store:
        before = len(store.audit_log.find(actor=login, limit=100_000))
    session = open_session(demo_db, build_config({}), login, FrozenClock(T0))
    app = MrssApp(session, poll_seconds=0, run_jobs=True)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(MAX_WAIT_STEPS):  # the jobs start a moment after the first frame
            if app._scheduler is not None:
                break
            await pilot.pause(0.05)
        scheduler = app._scheduler
        assert scheduler is not None
        scheduled = {job.id for job in scheduler.get_jobs()}
        if role is Role.COUNTY_ADMIN:
            assert scheduled == set()
        else:
            assert {"alerts.followups", "followups.rules"} <= scheduled
        # Run every job once more, now, and wait for each to finish (or a bound is reached).
        from datetime import datetime, timezone

        from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED

        done: dict[str, object] = {}
        scheduler.add_listener(lambda e: done.setdefault(e.job_id, e.exception),
                               EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
        for job in scheduler.get_jobs():
            job.modify(next_run_time=datetime.now(timezone.utc))
        scheduler.wakeup()
        for _ in range(MAX_WAIT_STEPS):
            await pilot.pause(0.05)
            if set(done) >= scheduled:
                break
        await _workers_done(app)
        await pilot.pause(0.1)
        assert set(done) >= scheduled
        assert {k: v for k, v in done.items() if v is not None} == {}
        problems = [n.message for n in app._notifications if n.severity == "error"]
        assert problems == []
    assert not (tmp_path / "state").exists() or not any((tmp_path / "state").rglob("crash-*"))
    with Store.open(demo_db, migrate_schema=False) as store:
        after = len(store.audit_log.find(actor=login, limit=100_000))
        by_system = len(store.audit_log.find(actor="system", limit=100_000))
    assert after == before  # the jobs wrote nothing under the user's login
    assert by_system > 0 or role is Role.COUNTY_ADMIN


async def _workers_done(app) -> None:
    """Wait for the app's workers; a screen's read replaced by a newer one is cancelled, which
    is not a problem (bounded: the workers of a settled app finish)."""
    from textual.worker import WorkerCancelled

    for _ in range(MAX_WAIT_STEPS):
        try:
            await app.workers.wait_for_complete(
                [w for w in app.workers if not w.is_cancelled])
            return
        except WorkerCancelled:
            continue
