"""Weekly county report timings on a big database (targets: text/CSV < 300 ms, PDF < 1 s).

Make the ten-year database once (a few minutes):
    mrss --db /tmp/bench10y.db demo --days 3650 --calls-per-day 100
then run:
    python benchmarks/weekly_report.py [--db /tmp/bench10y.db] [--runs 5]
The verdict compares the median wall time with the target.

Opening the file applies this branch's migrations (the report's indexes), so point it at a copy
if other branches share the file. Each figure is the whole path a user waits for: read every
count from the store, suppress, and render.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import datetime, timezone
from pathlib import Path

from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.domain.report_week import last_full_week
from mrss_tui.reports.compute import compute_report
from mrss_tui.reports.pdf import render_pdf
from mrss_tui.reports.text import render_csv, render_text
from mrss_tui.store.db import Store

TARGETS_MS = {"text": 300, "csv": 300, "pdf": 1000}


def timed(fn, runs: int) -> tuple[float, float, float]:
    """Median wall ms, max wall ms and median CPU ms (CPU time shows the cost when the shared
    machine is busy and wall-clock time mostly measures waiting for a core)."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return statistics.median(walls), max(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/bench10y.db"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    config = build_config({})
    with Store.open(args.db) as probe:
        latest = probe.scalar("SELECT max(received_at) FROM calls")
        calls = probe.scalar("SELECT count(*) FROM calls")
        episodes = probe.scalar("SELECT count(*) FROM episodes")
    now = datetime.fromisoformat(latest.replace("Z", "+00:00")).astimezone(timezone.utc)
    clock = FrozenClock(now)
    store = Store.open(args.db, clock=clock, migrate_schema=False)
    recent = last_full_week(now, config.zone)
    weeks = {"last full week": recent, "nine years back": recent.shift(-52 * 9)}
    print(f"{args.db}: {calls:,} calls, {episodes:,} episodes; median / max of {args.runs} runs")
    renderers = {"text": render_text, "csv": render_csv, "pdf": render_pdf}
    failed = False
    for name, week in weeks.items():
        compute_report(store, config, week, now)  # warm the page cache once
        ms, worst, cpu = timed(lambda: compute_report(store, config, week, now), args.runs)
        print(f"  {name} ({week}): compute only {ms:7.1f} ms wall (max {worst:.1f}), "
              f"{cpu:.1f} ms CPU")
        for fmt, render in renderers.items():
            ms, worst, cpu = timed(lambda: render(compute_report(store, config, week, now)),
                                   args.runs)
            verdict = "ok" if ms < TARGETS_MS[fmt] else f"OVER {TARGETS_MS[fmt]} ms"
            failed |= ms >= TARGETS_MS[fmt]
            print(f"    {fmt:<5} {ms:7.1f} ms wall (max {worst:.1f}), {cpu:6.1f} ms CPU  {verdict}")
    store.close()
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
