"""Four writers and a reader on one file for a minute: no lock error reaches a user, every
journaled write is there afterwards, and `mrss backup` taken meanwhile passes `mrss check`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.faults.soak_check import ROOT, baseline, check, cli, env

SECONDS = float(os.environ.get("MRSS_CONTEND_SECONDS", "60"))


@pytest.mark.slow
def test_four_writers_and_a_reader_see_no_lock_error(tmp_path: Path) -> None:
    db = tmp_path / "mrss.db"
    assert cli(db, "demo", "--days", "10", "--resources", "10", "--quiet", home=tmp_path).returncode == 0
    base = baseline(db)
    modes = ["writer"] * 4 + ["reader"]
    procs = [subprocess.Popen([sys.executable, "-m", "tests.faults.contend", mode, str(db),
                               str(tmp_path / f"contend-{i}.txt"), str(SECONDS), str(i)],
                              cwd=ROOT, env=env(tmp_path), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for i, mode in enumerate(modes)]
    backups = 0
    while any(p.poll() is None for p in procs):  # `mrss backup` while they write, each copy checked
        copy = tmp_path / f"backup-{backups}.db"
        made = cli(db, "backup", str(copy), home=tmp_path)
        if any(p.poll() is None for p in procs[:4]) or made.returncode == 0:
            assert made.returncode == 0, made.stderr
            checked = cli(copy, "check", home=tmp_path)
            assert checked.returncode == 0 and "integrity: ok" in checked.stdout, checked.stderr
            backups += 1
            copy.unlink()
    results = [(mode, *p.communicate(timeout=SECONDS + 120), p.returncode) for mode, p in zip(modes, procs)]
    for mode, out, err, code in results:
        print(f"{mode}: {out.strip()}")
        assert code == 0 and "ERROR" not in err, f"{mode} exit {code}: {err[-800:]}"
    verdict = check(db, sorted(tmp_path.glob("contend-*.txt")), base)
    assert verdict.problems == [], verdict.problems
    writes = verdict.writes_checked
    reads = sum(int(out.split()[1]) for mode, out, _e, _c in results if mode == "reader")
    print(f"contention: 4 writers, 1 reader, {SECONDS:.0f} s: {writes} writes checked, {reads} reads, "
          f"lost 0; {backups} backups taken meanwhile, each passed mrss check")
    assert writes >= 100 and reads >= 10 and backups >= 2, (writes, reads, backups)
