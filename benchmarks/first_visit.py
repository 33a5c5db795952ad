"""The first visit to each screen: a key press on the board of a freshly started `mrss`, to the
screen drawn with its data, next to a bare Textual app's first switch to a screen it has not
built yet (a title, a 50-row table, a footer: benchmarks/_bare_switch_app.py).

    .venv/bin/python benchmarks/first_visit.py [DB] [RUNS] [SETTLE]
        (default /tmp/bench10y.db, 5 runs per screen, 3.0 s between first frame and key;
         MRSS_SCREENS=roster,audit measures only those)

A first visit happens once per process, so every sample is a new process: start, wait for the
first frame, wait SETTLE seconds (a person reads the board before pressing a key), press the
key. mrss and the bare app alternate. Prints medians and the ratio per screen, and the load
average before and after (the machine may be shared: compare ratios, not milliseconds). Each
marker is text drawn only with the screen's data (a title or status line filled by the read, a
row), never a label drawn before it. Any program that fails to draw, or does not quit cleanly,
stops the run with no figures (non-zero exit).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _copies import compile_package, mrss_argv, working_copy  # noqa: E402
from _pty import ProgramFailed, PtyRun  # noqa: E402
from first_frame import BOARD_MARKER  # noqa: E402

BARE_SWITCH = [sys.executable, str(Path(__file__).with_name("_bare_switch_app.py"))]
TARGET_RATIO = 1.25
# (screen, login, key, text drawn only once the screen shows its data)
SCREENS = (
    ("episodes", "coord", b"e", b"Crisis episodes"),  # the list's title ("in all" is capped)
    ("alerts", "coord", b"a", b"Open alerts"),
    # The status line: "60 services (first 40)", "More than 1,000 services match" (the line is
    # cropped at 80 columns before its end); the search box's placeholder, drawn before the
    # data, has "services," with a comma.
    ("directory", "coord", b"d", b" services "),
    ("caseload", "coord", b"m", b"My follow-ups"),
    ("roster", "super", b"o", b"Clinician"),  # the first role of the staff list
    ("reports", "super", b"r", b"Persons served"),
    ("audit", "super", b"u", b"Entries 1-"),
)


def first_visit(argv: list[str], ready: bytes, key: bytes, marker: bytes, settle: float) -> float:
    run = PtyRun(argv, columns=80, rows=24)
    try:
        run.wait_for(ready)
        run.count_bytes(settle)
        seconds = run.time_key(key, marker)
    finally:
        code = run.stop()
    if code != 0:
        raise ProgramFailed(f"{argv[0]} drew the screen but exited with {code}")
    return seconds


def measure(db: Path, runs: int, settle: float) -> list[tuple[str, float, float]]:
    """(screen, median bare first switch, median mrss first visit) per screen."""
    compile_package()
    results = []
    only = {name for name in os.environ.get("MRSS_SCREENS", "").split(",") if name}
    for name, login, key, marker in SCREENS:
        if only and name not in only:
            continue
        bare, mrss = [], []
        for _ in range(runs):
            bare.append(first_visit(BARE_SWITCH, b"first screen drawn", b"e",
                                    b"other screen drawn", settle))
            mrss.append(first_visit(mrss_argv(db, login), BOARD_MARKER, key, marker, settle))
        print(f"  {name}: bare {[round(b * 1000) for b in bare]} ms, "
              f"mrss {[round(m * 1000) for m in mrss]} ms", file=sys.stderr, flush=True)
        results.append((name, statistics.median(bare), statistics.median(mrss)))
    return results


def load_average() -> str:
    with open("/proc/loadavg", encoding="ascii") as loadavg:
        return " ".join(loadavg.read().split()[:3])


def main() -> None:
    db = sys.argv[1] if len(sys.argv) > 1 else "/tmp/bench10y.db"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    settle = float(sys.argv[3]) if len(sys.argv) > 3 else 3.0
    load_before = load_average()
    try:
        with tempfile.TemporaryDirectory(prefix="mrss-bench-") as folder:
            results = measure(working_copy(db, Path(folder)), runs, settle)
    except ProgramFailed as failure:
        sys.exit(f"no figure: {failure}")
    print(f"database: {db} (copy), {runs} alternating runs per screen, medians, 80x24 pty, "
          f"key pressed {settle:.1f} s after the first frame; load average {load_before} "
          f"before, {load_average()} after")
    print(f"{'screen':<10} {'bare switch':>11} {'mrss first':>11} {'ratio':>6}")
    for name, bare, mrss in results:
        flag = "" if mrss / bare <= TARGET_RATIO else "  MISSED"
        print(f"{name:<10} {bare * 1000:8.0f} ms {mrss * 1000:8.0f} ms {mrss / bare:6.2f}{flag}")


if __name__ == "__main__":
    main()
