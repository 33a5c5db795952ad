"""``mrss worker --once`` as cron runs it: its output (cron mail, the journal) holds one
summary line per job and nothing that names a person; no library chatter (fontTools lists
glyphs at INFO whenever a PDF is written). The page still reaches a real local receiver."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from mrss_tui.clock import SystemClock
from mrss_tui.config import build_config
from mrss_tui.domain.cssrs import CssrsAnswers
from mrss_tui.domain.enums import Line, Role, ShiftSlot, Triage
from mrss_tui.store.db import Store
from mrss_tui.workflow.context import Actor, Session
from mrss_tui.workflow.intake import IntakeForm, record_call
from mrss_tui.workflow.paging import page_team

PHI = ("Robin Quill", "Quill", "77 Birch Ln", "5415550177", "541-555-0177", "555-0177",
       "locked in the barn")


def test_worker_once_prints_one_line_per_job_and_no_phi(tmp_path: Path, receiver) -> None:
    path = tmp_path / "worker.db"
    clock = SystemClock()
    with Store.open(path, create=True, clock=clock) as store:
        coord = store.staff.create("system", login="coord", name="Coord Person",
                                   role=Role.COORDINATOR)
        clin = store.staff.create("system", login="clin", name="Clin Person",
                                  role=Role.CLINICIAN, paging_url=receiver.url("/page/clin"))
        peer = store.staff.create("system", login="peer", name="Peer Person", role=Role.PEER,
                                  paging_url=receiver.url("/page/peer"))
        for staff in (clin, peer):
            store.shifts.add("system", staff_id=staff.id, region="Harney",
                             slot=ShiftSlot.PRIMARY, starts_at=clock.now() - timedelta(hours=1),
                             ends_at=clock.now() + timedelta(hours=8))
        session = Session(store, build_config({}), Actor.of(coord), clock)
        call = record_call(session, IntakeForm(
            received_at=clock.now().isoformat(), callback_number="541-555-0177", line=Line.L988,
            person_name="Robin Quill", born_or_age="16", address="77 Birch Ln", town="Burns",
            situation="locked in the barn", triage=Triage.MOBILE_DISPATCH,
            cssrs=CssrsAnswers(q1=True, q2=True, q3=True, q4=True, q5=True, q6=False))).call
        page_team(session, call_id=call.id, staff_ids=[clin.id, peer.id])
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg"),
           "XDG_STATE_HOME": str(tmp_path / "state")}
    run = subprocess.run([sys.executable, "-m", "mrss_tui", "--db", str(path), "worker",
                          "--once"], capture_output=True, text=True, timeout=120, env=env)
    assert run.returncode == 0, run.stderr
    output = run.stdout + run.stderr
    for secret in PHI:
        assert secret not in output, secret
    assert "INFO" not in output and "fontTools" not in output and "glyph" not in output
    lines = run.stdout.splitlines()
    assert all(re.fullmatch(r"[\w.]+: [^\n]+", line) for line in lines), lines
    assert len(lines) == len({line.split(":")[0] for line in lines})  # one line per job
    assert "pages.send: 2 sent" in lines
    # The report job wrote a PDF in this run (the fontTools case) and the pages arrived once.
    assert list((tmp_path / "worker-files" / "filed-reports").glob("*.pdf"))
    assert len(receiver.received) == 2 and receiver.duplicates == 0
