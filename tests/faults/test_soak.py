"""The multi-process soak: many real processes on one file, killed at random, nothing lost.

Six worker slots are kept busy for SOAK_SECONDS: each worker opens a session, records calls,
contacts and pages, runs every scheduled job (each on its own connection, as the app does), opens
and closes extra stores, and exits normally, exits without closing, or is SIGKILLed at a random
moment. Alongside, the CLI runs check, backup (each copy checked), report, ssh-key list and
directory import in a loop. Afterwards integrity_check is ok, every journaled write is present
and the audit matches the data exactly. Before the fix this lost writes and damaged the file.
"""

from __future__ import annotations

import os
import random
import signal
import threading
import time
from pathlib import Path

import pytest

from tests.faults.soak_check import baseline, check, cli, spawn_worker

SOAK_SECONDS = float(os.environ.get("MRSS_SOAK_SECONDS", "40"))
SLOTS = 6


def _cli_loop(db: Path, home: Path, package: Path, stop: threading.Event, failures: list[str],
              runs: list[str]) -> None:
    n = 0
    while not stop.is_set():
        n += 1
        copy = home / f"backup-{n}.db"
        for args in (("check",), ("backup", str(copy)), ("report", "weekly", "--format", "csv"),
                     ("ssh-key", "list"), ("directory", "import", str(package))):
            if stop.is_set():
                return
            result = cli(db, *args, home=home)
            runs.append(args[0])
            if result.returncode != 0:
                failures.append(f"mrss {' '.join(args)} -> {result.returncode}: {result.stderr.strip()[-300:]}")
        checked = cli(copy, "check", home=home)
        runs.append("check-of-backup")
        if checked.returncode != 0:
            failures.append(f"check of backup {copy.name} -> {checked.returncode}: {checked.stderr[-300:]}")
        copy.unlink(missing_ok=True)


@pytest.mark.slow
def test_many_processes_killed_at_random_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "mrss.db"
    assert cli(db, "demo", "--days", "10", "--resources", "30", "--quiet", home=tmp_path).returncode == 0
    package = tmp_path / "package"
    assert cli(db, "directory", "export", str(package), home=tmp_path).returncode == 0
    base = baseline(db)
    rng = random.Random(int(os.environ.get("MRSS_SOAK_SEED", "10")))

    stop = threading.Event()
    cli_failures: list[str] = []
    cli_runs: list[str] = []
    cli_thread = threading.Thread(target=_cli_loop, args=(db, tmp_path, package, stop, cli_failures,
                                                          cli_runs), daemon=True)
    cli_thread.start()

    journals: list[Path] = []
    running: list[tuple[object, float | None]] = []  # (Popen, kill at monotonic time or None)
    errors: list[str] = []
    stats = {"processes": 0, "killed": 0, "exited": 0}
    deadline = time.monotonic() + SOAK_SECONDS
    while time.monotonic() < deadline or running:
        now = time.monotonic()
        while now < deadline and len(running) < SLOTS:
            journal = tmp_path / f"journal-{stats['processes']}.txt"
            journals.append(journal)
            proc = spawn_worker(db, journal, rng.getrandbits(32), rng.randint(5, 60), tmp_path)
            kill_at = now + rng.uniform(0.5, 4.0) if rng.random() < 0.4 else None
            running.append((proc, kill_at))
            stats["processes"] += 1
        for proc, kill_at in list(running):
            if proc.poll() is None and (kill_at is not None and now >= kill_at
                                        or now > deadline + 60):
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                stats["killed"] += 1
                running.remove((proc, kill_at))
            elif proc.poll() is not None:
                running.remove((proc, kill_at))
                out, err = proc.communicate()
                if proc.returncode == -signal.SIGKILL:
                    continue
                stats["exited"] += 1
                if proc.returncode != 0:
                    errors.append(f"worker exit {proc.returncode}: {err.strip()[-400:]}")
        time.sleep(0.05)
    stop.set()
    cli_thread.join(timeout=120)

    verdict = check(db, journals, base)
    final = cli(db, "check", home=tmp_path)
    print(f"soak: {stats['processes']} worker processes ({stats['killed']} SIGKILLed, "
          f"{stats['exited']} exited), {verdict.opens} connections opened and closed, "
          f"{len(cli_runs)} CLI runs, {verdict.writes_checked} writes checked, "
          f"lost {len(verdict.missing)}, audit mismatches {len(verdict.audit)}")
    assert not errors, errors[:10]
    assert not cli_failures, cli_failures[:10]
    assert verdict.problems == [], verdict.problems
    assert final.returncode == 0 and "integrity: ok" in final.stdout, final.stderr
    assert stats["killed"] >= 5 and verdict.writes_checked >= 100, (stats, verdict.writes_checked)
