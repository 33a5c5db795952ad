"""One table of every speed figure, for the one-year and the ten-year database, with targets.

    .venv/bin/python benchmarks/run_all.py [ONE_YEAR_DB] [TEN_YEAR_DB]
        (default /tmp/bench1y.db /tmp/bench10y.db; build them with build_tenyear.py)

Everything runs on copies. Start-up, key presses, memory and idle bytes run the real `mrss` in
a pseudo-terminal beside bare Textual apps started the same way (alternating, medians), so a
busy machine slows both alike: read the ratios. Any program that fails stops the run
(non-zero exit). A missed target is marked MISSED.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import first_frame  # noqa: E402
import first_visit  # noqa: E402
import idle_bytes  # noqa: E402
import queries  # noqa: E402
from _copies import mrss_argv, working_copy  # noqa: E402
from _pty import PtyRun  # noqa: E402

BARE_SWITCH = [sys.executable, str(Path(__file__).with_name("_bare_switch_app.py"))]
KEY_RUNS = 5
FRAME_RUNS = 5
FIRST_VISIT_RUNS = 3


@dataclass
class Row:
    name: str
    value: float
    unit: str
    target: str
    ok: bool | None


def key_to_screen(db: Path) -> list[Row]:
    """Key press to the next screen drawn, beside a bare app's switch between two screens of
    a title, a 50-row table and a footer."""
    bare_times, times = [], {"e (episodes)": [], "a (alerts)": [], "b (board)": []}
    steps = [(b"e", b"episodes", "e (episodes)"), (b"b", b"Teams on the road", "b (board)"),
             (b"a", b"Open alerts", "a (alerts)"), (b"b", b"Teams on the road", "b (board)")]
    bare = PtyRun(BARE_SWITCH, columns=80, rows=24)
    app = PtyRun(mrss_argv(db), columns=80, rows=24)
    try:
        bare.wait_for(b"first screen drawn")
        app.wait_for(first_frame.BOARD_MARKER)
        idle_bytes.settle(app)  # past the warm-up and the jobs' catch-up
        for _ in range(KEY_RUNS):
            for keys, marker, name in steps:
                bare_times.append(bare.time_key(b"e", b"other screen drawn"))
                bare.time_key(b"b", b"first screen drawn")
                times[name].append(app.time_key(keys, marker))
                app.count_bytes(0.3)
    finally:
        bare.stop()
        app.stop()
    base = statistics.median(bare_times)
    rows = [Row("bare Textual screen switch", base * 1000, "ms", "baseline", None)]
    for name, samples in times.items():
        ms = statistics.median(samples)
        rows.append(Row(f"key to screen: {name}", ms * 1000, "ms",
                        f"<= 1.25x bare ({ms / base:.2f}x)", ms / base <= 1.25))
    return rows


def peak_rss(db: Path) -> list[Row]:
    """Peak RSS of the TUI after visiting the main screens, and of `mrss worker --once`."""
    app = PtyRun(mrss_argv(db), columns=120, rows=40)
    try:
        app.wait_for(first_frame.BOARD_MARKER)
        for keys, marker in ((b"e", b"episodes"), (b"a", b"Open alerts"), (b"d", b"services")):
            app.time_key(keys, marker)
            app.count_bytes(1.0)
        tui = app.peak_rss_mb()
    finally:
        app.stop()
    worker = subprocess.Popen([*mrss_argv(db)[:5], "--as", "super", "worker", "--once"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(worker.pid, 0)
    worker.returncode = os.waitstatus_to_exitcode(status)
    if worker.returncode != 0:
        raise SystemExit(f"mrss worker --once failed ({worker.returncode}): "
                         f"{worker.stderr.read().decode(errors='replace')[-400:]}")
    return [Row("peak RSS: TUI (board, episodes, alerts, directory)", tui, "MB", "< 150 MB",
                tui < 150),
            Row("peak RSS: mrss worker --once", usage.ru_maxrss / 1024, "MB", "< 150 MB",
                usage.ru_maxrss / 1024 < 150)]


def weekly_report(db: Path) -> list[Row]:
    from mrss_tui.clock import FrozenClock
    from mrss_tui.config import build_config
    from mrss_tui.domain.report_week import last_full_week
    from mrss_tui.domain.times import parse_iso
    from mrss_tui.reports.compute import compute_report
    from mrss_tui.reports.pdf import render_pdf
    from mrss_tui.reports.text import render_csv, render_text
    from mrss_tui.store.db import Store

    config = build_config({})
    with Store.open(db) as probe:
        now = parse_iso(probe.scalar("SELECT max(received_at) FROM calls")).astimezone(timezone.utc)
    rows = []
    with Store.open(db, clock=FrozenClock(now)) as store:
        week = last_full_week(now, config.zone)
        for fmt, render, target in (("text", render_text, 300), ("CSV", render_csv, 300),
                                    ("PDF", render_pdf, 1000)):
            render(compute_report(store, config, week, now))
            samples = []
            for _ in range(3):
                started = time.perf_counter()
                render(compute_report(store, config, week, now))
                samples.append((time.perf_counter() - started) * 1000)
            ms = statistics.median(samples)
            rows.append(Row(f"weekly report ({fmt})", ms, "ms", f"< {target} ms", ms < target))
    return rows


def all_rows(db: Path) -> list[Row]:
    rows = []
    bare, mrss = first_frame.measure(db, FRAME_RUNS)
    rows.append(Row("bare Textual app first frame", bare * 1000, "ms", "baseline", None))
    rows.append(Row("mrss first frame (board filled)", mrss * 1000, "ms",
                    f"<= 1.25x bare ({mrss / bare:.2f}x)", mrss / bare <= 1.25))
    rows += key_to_screen(db)
    for name, bare_first, first in first_visit.measure(db, FIRST_VISIT_RUNS, 3.0):
        rows.append(Row(f"first visit: {name}", first * 1000, "ms",
                        f"<= 1.25x bare first switch ({first / bare_first:.2f}x)",
                        first / bare_first <= first_visit.TARGET_RATIO))
    rows += [Row(f.name, f.ms, "ms", f"< {f.target_ms:.0f} ms" if f.target_ms else "", f.ok)
             for f in queries.measure(db)]
    rows += weekly_report(db)
    rows += peak_rss(db)
    rows += [Row(f"idle bytes: {name}", rate, "B/s", "< 200 B/s", rate < 200)
             for name, rate in idle_bytes.measure(db, 20.0)]
    return rows


def main() -> None:
    one = sys.argv[1] if len(sys.argv) > 1 else "/tmp/bench1y.db"
    ten = sys.argv[2] if len(sys.argv) > 2 else "/tmp/bench10y.db"
    results: dict[str, list[Row]] = {}
    for label, db in (("1 year", one), ("10 years", ten)):
        with tempfile.TemporaryDirectory(prefix="mrss-bench-") as folder:
            copy = working_copy(db, Path(folder))
            from mrss_tui.store.db import Store

            with Store.open(copy):  # this branch's schema once, before anything is timed
                pass
            print(f"measuring {label} ({db}) ...", file=sys.stderr, flush=True)
            results[label] = all_rows(copy)
    print(f"mrss benchmarks ({os.cpu_count()} cores; ratios compare runs made side by side)")
    print(f"{'measurement':<52} {'1 year':>11} {'10 years':>11} {'10y/1y':>7}  target (10 years)")
    for one_row, ten_row in zip(results["1 year"], results["10 years"]):
        ratio = ten_row.value / one_row.value if one_row.value else float("nan")
        flag = "" if ten_row.ok in (None, True) else "  MISSED"
        print(f"{ten_row.name:<52} {one_row.value:8.1f} {one_row.unit:<3}"
              f"{ten_row.value:8.1f} {ten_row.unit:<3}{ratio:6.2f}x  {ten_row.target}{flag}")


if __name__ == "__main__":
    main()
