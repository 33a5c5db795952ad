"""The demo pages somebody (issue 20): on a database made by ``mrss demo``, the worker (and the
TUI) start the demo's pager on 127.0.0.1, so a page goes out as "sent", not "failed". A
database whose staff do not page it starts nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from mrss_tui.clock import SystemClock
from mrss_tui.config import build_config
from mrss_tui.domain.cssrs import CssrsAnswers
from mrss_tui.domain.enums import Line, PageStatus, Role, Triage
from mrss_tui.store.db import Store
from mrss_tui.workflow.context import Actor, Session
from mrss_tui.workflow.demo_pager import URL_PREFIX, start_demo_pager
from mrss_tui.workflow.intake import IntakeForm, record_call
from mrss_tui.workflow.paging import page_team


def mrss(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg"),
           "XDG_STATE_HOME": str(tmp_path / "state"),
           "MRSS_OUTPUT": str(tmp_path / "xdg" / "output")}
    return subprocess.run([sys.executable, "-m", "mrss_tui", *args], capture_output=True,
                          text=True, timeout=300, env=env)


def test_a_page_in_the_demo_reaches_the_demo_pager(tmp_path: Path) -> None:
    db = tmp_path / "demo" / "mrss.db"
    made = mrss(tmp_path, "--db", str(db), "demo", "--if-missing", "--quiet")
    assert made.returncode == 0, made.stderr
    clock = SystemClock()
    with Store.open(db, clock=clock) as store:
        session = Session(store, build_config({}), Actor.of(store.staff.by_login("coord")),
                          clock)
        team = [s for s in store.staff.list(active_only=True)
                if s.role in (Role.CLINICIAN, Role.PEER)][:2]
        assert all(s.paging_url.startswith(URL_PREFIX) for s in team)
        call = record_call(session, IntakeForm(
            received_at=clock.now().isoformat(), callback_number="541-555-0190",
            line=Line.L988, person_name="Demo Tester", born_or_age="15", address="3 Elm Rd",
            town="Burns", triage=Triage.MOBILE_DISPATCH,
            cssrs=CssrsAnswers(q1=True, q2=True, q3=True, q4=True, q5=True, q6=False))).call
        dispatch = page_team(session, call_id=call.id, staff_ids=[s.id for s in team],
                             gap_reason="demo test", confirm_busy=True).dispatch
    run = mrss(tmp_path, "--db", str(db), "worker", "--once")
    assert run.returncode == 0, run.stderr
    with Store.open(db, clock=clock) as store:
        pages = store.pages.for_dispatch(dispatch.id)
    assert [p.status for p in pages] == [PageStatus.SENT, PageStatus.SENT], \
        [p.last_error for p in pages]


def test_no_pager_for_a_database_that_does_not_page_it(store) -> None:
    store.staff.create("system", login="clin", name="Clin Person", role=Role.CLINICIAN,
                       paging_url="json://127.0.0.1:9/page/clin")
    assert start_demo_pager(store) is None
