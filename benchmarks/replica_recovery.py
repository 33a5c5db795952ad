"""Recovery point and recovery time with `mrss replicate` (Litestream) to a folder (issue 26).

1. Intake with replication off and on: 4 writer processes record CALLS calls each through the
   real workflow; calls per second, same run, ratio (replication must not slow intake).
2. Recovery point, RUNS times: 4 writers record calls while `mrss replicate` runs; at a random
   moment the writers and the whole replicate process group (Litestream too) get SIGKILL. The
   replica is restored into a new file and every acknowledged call is looked for. Prints, per
   run, the acknowledged calls missing and how long before the kill the oldest of them was
   acknowledged; the goal is none older than 2 s.
3. Recovery time: `mrss restore` of a replica of DB (default: a new 365-day demo database with 100
   calls a day) and
   then the coordinator's board drawn in a pseudo-terminal, with the baseline of the board on the
   original file.

Usage: replica_recovery.py [--runs 20] [--db ONE_YEAR_DB]. Exits non-zero if a program crashed,
a restore failed its check, or an acknowledged call older than 2 s was missing.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks._pty import PtyRun  # noqa: E402
from mrss_tui.store.db import Store  # noqa: E402

PYTHON = sys.executable
WRITER = str(Path(__file__).with_name("_replica_writer.py"))
WRITERS = 4
GOAL_SECONDS = 2.0
SYNC_INTERVAL = [1.0]  # [replica] sync_interval for every run (--sync-interval)


def mrss(db: Path, config: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    run = subprocess.run([PYTHON, "-m", "mrss_tui", "--db", str(db), "--config", str(config),
                          *args], capture_output=True, text=True, timeout=1800)
    if check and run.returncode != 0:
        raise SystemExit(f"mrss {' '.join(args[:2])} failed ({run.returncode}): {run.stderr}")
    return run


def setup(folder: Path, days: int = 3, calls_per_day: float = 5) -> tuple[Path, Path, Path]:
    db, replica, config = folder / "primary.db", folder / "replica", folder / "config.toml"
    config.write_text(f'[replica]\nurl = "file://{replica}"\nsync_interval = {SYNC_INTERVAL[0]}\n')
    mrss(db, config, "demo", "--quiet", "--days", str(days), "--calls-per-day", str(calls_per_day))
    return db, config, replica


def start_writers(db: Path, config: Path, count: int) -> list[tuple[subprocess.Popen, Path]]:
    """Each writer's acknowledgements go to its own file (read after it ends or is killed)."""
    writers = []
    for i in range(WRITERS):
        acks = db.with_name(f"acks-{i}.txt")
        with acks.open("w") as out:
            writers.append((subprocess.Popen([PYTHON, WRITER, str(db), str(config), "coord",
                                              str(count), str(i)], stdout=out,
                                             stderr=subprocess.PIPE, text=True), acks))
    return writers


def acknowledged(writers: list[tuple[subprocess.Popen, Path]]) -> dict[int, float]:
    acks: dict[int, float] = {}
    for _, path in writers:
        for line in path.read_text().splitlines():
            parts = line.split()
            if len(parts) == 2:  # a line cut by the kill was never seen by anyone
                acks[int(parts[0])] = float(parts[1])
    return acks


def start_replicate(db: Path, config: Path) -> subprocess.Popen:
    return subprocess.Popen([PYTHON, "-m", "mrss_tui", "--db", str(db), "--config", str(config),
                             "replicate"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


def wait_until(predicate, timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.05)


def intake_rate(replicating: bool, calls: int) -> float:
    with tempfile.TemporaryDirectory(prefix="mrss-rr-") as tmp:
        db, config, replica = setup(Path(tmp))
        rep = start_replicate(db, config) if replicating else None
        if rep is not None:
            wait_until(lambda: replica.exists(), 60, "the first snapshot")
        started = time.perf_counter()
        writers = start_writers(db, config, calls)
        for w, _ in writers:
            _, err = w.communicate(timeout=600)
            if w.returncode != 0:
                raise SystemExit(f"writer failed: {err[-500:]}")
        if len(acknowledged(writers)) != WRITERS * calls:
            raise SystemExit("a writer acknowledged fewer calls than it was asked for")
        seconds = time.perf_counter() - started
        if rep is not None:
            rep.send_signal(signal.SIGTERM)
            if rep.wait(60) != 0:
                raise SystemExit(f"mrss replicate failed: {rep.stderr.read()[-500:]}")
        return WRITERS * calls / seconds


def one_kill(rng: random.Random) -> tuple[int, int, float]:
    """(acknowledged, missing, age in seconds of the oldest missing acknowledgement)."""
    with tempfile.TemporaryDirectory(prefix="mrss-rpo-") as tmp:
        db, config, replica = setup(Path(tmp))
        rep = start_replicate(db, config)
        wait_until(lambda: replica.exists() and any(replica.rglob("*.ltx")), 60, "the snapshot")
        writers = start_writers(db, config, 0)
        try:
            wait_until(lambda: all(p.stat().st_size for _, p in writers)
                       or any(w.poll() is not None for w, _ in writers), 120,
                       "every writer's first call")
            time.sleep(rng.uniform(1.0, 5.0))  # the random moment of the crash (not a deadline)
        finally:
            killed_at = time.time()
            os.killpg(rep.pid, signal.SIGKILL)
            for w, _ in writers:
                w.kill()
            rep.wait(30)
        for w, _ in writers:
            _, err = w.communicate(timeout=60)
            if w.returncode != -signal.SIGKILL:
                raise SystemExit(f"a writer stopped by itself before the kill: {err[-800:]}")
        acks = acknowledged(writers)
        dest = Path(tmp) / "restored.db"
        restored = mrss(dest, config, "restore", "--from", f"file://{replica}", str(dest))
        if "integrity: ok" not in restored.stdout:
            raise SystemExit(f"restore not checked: {restored.stdout}")
        with Store.open(dest, migrate_schema=False) as store:
            present = {int(r[0]) for r in store.conn.execute("SELECT id FROM calls")}
        missing = [at for call_id, at in acks.items() if call_id not in present]
        oldest = killed_at - min(missing) if missing else 0.0
        return len(acks), len(missing), oldest


def recovery_time(db: Path | None) -> None:
    with tempfile.TemporaryDirectory(prefix="mrss-rto-") as tmp:
        folder = Path(tmp)
        if db is None:
            print("making a 365-day demo database for the recovery time ...", flush=True)
            source, config, replica = setup(folder, days=365, calls_per_day=100)
        else:
            source, replica, config = db, folder / "replica", folder / "config.toml"
            config.write_text(f'[replica]\nurl = "file://{replica}"\n')
        rep = start_replicate(source, config)
        wait_until(lambda: replica.exists() and any(replica.rglob("*.ltx")), 600, "the snapshot")
        rep.send_signal(signal.SIGTERM)
        rep.wait(60)
        baseline = board_seconds(source, config)
        dest = folder / "standby.db"
        started = time.perf_counter()
        mrss(dest, config, "restore", "--from", f"file://{replica}", str(dest))
        restore_seconds = time.perf_counter() - started
        board = board_seconds(dest, config)
        total = restore_seconds + board
        size_mb = source.stat().st_size / 1e6
        print(f"recovery time ({size_mb:.0f} MB database): restore {restore_seconds:.1f} s + "
              f"board {board:.1f} s = {total:.1f} s (goal < 60 s); board on the original file "
              f"{baseline:.1f} s (ratio {board / baseline:.2f})")


def board_seconds(db: Path, config: Path) -> float:
    run = PtyRun([PYTHON, "-m", "mrss_tui", "--db", str(db), "--config", str(config),
                  "--as", "coord"])
    try:
        return run.wait_for(b"Open calls", timeout=120)
    finally:
        run.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--calls", type=int, default=40, help="calls per writer for the rate")
    parser.add_argument("--db", type=Path, help="a one-year database for the recovery time")
    parser.add_argument("--seed", type=int, default=26)
    parser.add_argument("--sync-interval", type=float, default=1.0,
                        help="[replica] sync_interval in seconds (default 1, as config.toml)")
    args = parser.parse_args()
    SYNC_INTERVAL[0] = args.sync_interval
    off = intake_rate(False, args.calls)
    on = intake_rate(True, args.calls)
    print(f"intake through the workflow, {WRITERS} writers x {args.calls} calls: replication off {off:.1f} calls/s, "
          f"on {on:.1f} calls/s (ratio {on / off:.2f})", flush=True)
    rng = random.Random(args.seed)
    results = []
    for run in range(1, args.runs + 1):
        acked, missing, oldest = one_kill(rng)
        results.append((acked, missing, oldest))
        print(f"run {run:2}: {acked:4} acknowledged, {missing:3} missing after restore, oldest "
              f"missing acknowledged {oldest:.2f} s before the kill", flush=True)
    missing_counts = [m for _, m, _ in results]
    worst = max(o for _, _, o in results)
    print(f"recovery point over {len(results)} kills (sync_interval {SYNC_INTERVAL[0]:g} s): missing per run min {min(missing_counts)}, "
          f"median {statistics.median(missing_counts)}, max {max(missing_counts)}; oldest missing "
          f"{worst:.2f} s before the kill (goal: none older than {GOAL_SECONDS:.0f} s)")
    recovery_time(args.db)
    if worst > GOAL_SECONDS:
        raise SystemExit("an acknowledged call older than the goal was lost")


if __name__ == "__main__":
    main()
