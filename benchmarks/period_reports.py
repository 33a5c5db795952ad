"""County report timings per period (week, month, quarter, year), this tree against a baseline
tree in the same run (goal: text and CSV under 300 ms for a quarter).

Make a database once (about a minute):
    mrss --db /tmp/bench2y.db demo --days 730 --calls-per-day 100
and a baseline tree, e.g. the commit before a change:
    mkdir /tmp/base && git archive COMMIT mrss_tui | tar -x -C /tmp/base
then run:
    python benchmarks/period_reports.py --db /tmp/bench2y.db [--baseline /tmp/base] [--runs 5]

Each figure is the median wall time of the whole path a user waits for (read the counts,
suppress, render), in a fresh process per tree so neither warms the other's caches; the
baseline runs first, then this tree. CPU time decides the goal and the ratio (baseline / this
tree): on a machine shared by many processes the wall time mostly measures waiting for a core.
Exit 1 if either tree crashed or this tree misses the goal.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
KINDS = ("week", "month", "quarter", "year")
GOAL_MS = {"quarter": 300}

MEASURE = r'''
import json, statistics, sys, time
from datetime import datetime, timezone
from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.domain.report_period import last_full_period
from mrss_tui.reports.compute import compute_report
from mrss_tui.reports.text import render_csv, render_text
from mrss_tui.store.db import Store

db, runs = sys.argv[1], int(sys.argv[2])
config = build_config({})
with Store.open(db, migrate_schema=False) as probe:
    latest = probe.scalar("SELECT max(received_at) FROM calls")
now = datetime.fromisoformat(latest.replace("Z", "+00:00")).astimezone(timezone.utc)
store = Store.open(db, clock=FrozenClock(now), migrate_schema=False)
out = {}
for kind in ("week", "month", "quarter", "year"):
    period = last_full_period(kind, now, config.zone)
    for fmt, render in (("text", render_text), ("csv", render_csv)):
        render(compute_report(store, config, period, now))  # warm the page cache
        walls, cpus = [], []
        for _ in range(runs):
            start, cpu = time.perf_counter(), time.process_time()
            render(compute_report(store, config, period, now))
            walls.append((time.perf_counter() - start) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        out[f"{kind} {fmt}"] = [statistics.median(walls), statistics.median(cpus)]
store.close()
print(json.dumps(out))
'''


def measure(tree: Path, db: Path, runs: int) -> dict[str, list[float]]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run([sys.executable, "-c", MEASURE, str(db), str(runs)], env=env,
                          capture_output=True, text=True, timeout=1800, cwd=tree)
    if done.returncode != 0:
        raise SystemExit(f"{tree}: the report crashed\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _ms(value: float | None, width: int) -> str:
    return f"{value:{width}.0f}" if value is not None else " " * width


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/bench2y.db"))
    parser.add_argument("--baseline", type=Path, help="a tree holding an older mrss_tui")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not args.db.is_file():
        raise SystemExit(f"{args.db} does not exist; see the top of this file")
    started = time.perf_counter()
    base = measure(args.baseline, args.db, args.runs) if args.baseline else {}
    this = measure(HERE, args.db, args.runs)
    print(f"{args.db}: median of {args.runs} runs, ms (CPU decides: on a shared machine the "
          "wall time mostly measures waiting for a core)")
    print(f"  {'report':<14}{'base CPU':>9}{'CPU':>8}{'ratio':>7}{'base wall':>10}{'wall':>8}"
          "  goal")
    failed = False
    for key, (wall, cpu) in this.items():
        goal = GOAL_MS.get(key.split()[0])
        verdict = "" if goal is None else ("ok" if cpu < goal else f"OVER {goal} ms")
        failed |= goal is not None and cpu >= goal
        old_wall, old_cpu = base.get(key, (None, None))
        ratio = f"{old_cpu / cpu:6.2f}x" if old_cpu else " " * 7
        print(f"  {key:<14}{_ms(old_cpu, 9)}{cpu:8.0f}{ratio}{_ms(old_wall, 10)}{wall:8.0f}"
              f"  {verdict}")
    print(f"  ({time.perf_counter() - started:.0f} s in all)")
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
