"""Time from starting `mrss` in a pseudo-terminal to the first frame that shows the board's
data, next to a bare Textual app (Header + Static + Footer) started the same way.

    .venv/bin/python benchmarks/first_frame.py [DB] [RUNS]   (default /tmp/bench10y.db, 9)

Runs alternate (bare, mrss, bare, mrss ...) so a busy machine slows both alike; prints the
medians and the ratio. Works on a copy of DB. Exits non-zero if either program fails to draw.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _copies import mrss_argv, working_copy  # noqa: E402
from _pty import PtyRun  # noqa: E402

BARE = [sys.executable, str(Path(__file__).with_name("_bare_app.py"))]
BARE_MARKER = b"hello from a bare app"
BOARD_MARKER = b"Crisis "  # drawn only once the board's figures are read (80+ columns)
TARGET_RATIO = 1.25


def time_first_frame(argv: list[str], marker: bytes) -> float:
    run = PtyRun(argv)
    try:
        seconds = run.wait_for(marker)
    finally:
        code = run.stop()
    if code not in (0, -9):
        raise SystemExit(f"{argv[0]} exited with {code}")
    return seconds


def measure(db: Path, runs: int) -> tuple[float, float]:
    """(median bare seconds, median mrss seconds), alternating, after one warm-up each."""
    argv = mrss_argv(db)
    time_first_frame(BARE, BARE_MARKER)
    time_first_frame(argv, BOARD_MARKER)
    bare, mrss = [], []
    for _ in range(runs):
        bare.append(time_first_frame(BARE, BARE_MARKER))
        mrss.append(time_first_frame(argv, BOARD_MARKER))
    return statistics.median(bare), statistics.median(mrss)


def main() -> None:
    db = sys.argv[1] if len(sys.argv) > 1 else "/tmp/bench10y.db"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 9
    with tempfile.TemporaryDirectory(prefix="mrss-bench-") as folder:
        bare, mrss = measure(working_copy(db, Path(folder)), runs)
    print(f"database: {db} (copy), {runs} alternating runs each, medians, in a pseudo-terminal")
    print(f"bare Textual app  : first frame {bare * 1000:6.0f} ms")
    print(f"mrss, board filled: first frame {mrss * 1000:6.0f} ms")
    print(f"ratio mrss/bare   : {mrss / bare:.2f} (target <= {TARGET_RATIO})")


if __name__ == "__main__":
    main()
