"""Bytes per second that each idle screen sends to the terminal: what a clinician's metered
mobile link pays while the app just sits there. Runs the real `mrss` in a pseudo-terminal.

    .venv/bin/python benchmarks/idle_bytes.py [DB] [SECONDS]   (default /tmp/bench10y.db, 10)

For each screen: start mrss (80x24), open the screen with the keys a user presses, let it
settle, then count what it writes over SECONDS without input. Target < 0.2 kB/s (no
compression). Works on a copy of DB; fails if mrss errors.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _copies import mrss_argv, working_copy  # noqa: E402
from _pty import PtyRun  # noqa: E402

TARGET_BYTES_PER_SECOND = 200.0
from first_frame import BOARD_MARKER  # noqa: E402
F2 = b"\x1bOQ"
ENTER = b"\r"
SETTLE_SECONDS = 6.0  # past the jobs' catch-up at start

# (screen, [(keys pressed, text drawn in answer), ...] starting on the board)
SCREENS = [
    ("board", []),
    ("episodes list", [(b"e", b"episodes")]),
    ("episode", [(b"e", b"episodes"), (ENTER, b"What")]),
    ("alerts", [(b"a", b"Open alerts")]),
    ("directory", [(b"d", b"services")]),
    ("help", [(b"?", b"Keys on this screen")]),
    ("intake form", [(F2, b"Callback")]),
    ("dispatch modal", [(ENTER, b"Dispatch for")]),
]


def idle_rate(db: Path, steps: list[tuple[bytes, bytes]], seconds: float) -> float:
    run = PtyRun(mrss_argv(db), columns=80, rows=24)
    try:
        run.wait_for(BOARD_MARKER)
        run.count_bytes(1.0)
        for keys, marker in steps:
            before = len(run.output)
            run.send(keys)
            deadline = time.perf_counter() + 15
            while marker not in run.output[before:]:
                if time.perf_counter() > deadline:
                    raise SystemExit(f"the screen reached with {keys!r} never drew {marker!r}")
                run.count_bytes(0.1)
        run.count_bytes(SETTLE_SECONDS)
        return run.count_bytes(seconds) / seconds
    finally:
        run.stop()


def measure(db: Path, seconds: float) -> list[tuple[str, float]]:
    return [(name, idle_rate(db, steps, seconds)) for name, steps in SCREENS]


def main() -> None:
    db = sys.argv[1] if len(sys.argv) > 1 else "/tmp/bench10y.db"
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 10.0
    with tempfile.TemporaryDirectory(prefix="mrss-bench-") as folder:
        rates = measure(working_copy(db, Path(folder)), seconds)
    print(f"idle bytes per second at 80x24 over {seconds:.0f} s, target < {TARGET_BYTES_PER_SECOND:.0f} B/s")
    for name, rate in rates:
        flag = "" if rate < TARGET_BYTES_PER_SECOND else "  MISSED"
        print(f"  {name:<16} {rate:8.1f} B/s{flag}")


if __name__ == "__main__":
    main()
