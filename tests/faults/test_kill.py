"""SIGKILL x100 at random moments during multi-table writes: nothing half written, nothing
journaled lost, audit rows match the data, integrity ok."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.faults.soak_check import ROOT, baseline, check, cli, env

KILLS = 100


@pytest.mark.slow
def test_a_hundred_sigkills_during_multi_table_writes(tmp_path: Path) -> None:
    db = tmp_path / "mrss.db"
    assert cli(db, "demo", "--days", "5", "--resources", "10", "--quiet", home=tmp_path).returncode == 0
    base = baseline(db)
    run = subprocess.run([sys.executable, "-m", "tests.faults.kill_server", str(db), str(tmp_path),
                          str(KILLS), "10"], capture_output=True, text=True, timeout=300, cwd=ROOT,
                         env=env(tmp_path))
    assert run.returncode == 0 and f"KILLED {KILLS} FAILED 0" in run.stdout, run.stdout + run.stderr[-2000:]
    journals = sorted(tmp_path.glob("kill-journal-*.txt"))
    verdict = check(db, journals, base)
    print(f"kill: {KILLS} SIGKILLs, {verdict.writes_checked} journaled writes checked, "
          f"lost {len(verdict.missing)}, audit mismatches {len(verdict.audit)}")
    assert verdict.problems == [], verdict.problems
    assert verdict.writes_checked >= KILLS, "the children wrote too little for the kills to matter"
