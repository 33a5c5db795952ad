"""Time to the first frame of `mrss` on the ten-year database, next to a bare Textual app.

    .venv/bin/python benchmarks/first_frame.py [DB] [RUNS]   (default /tmp/bench10y.db, 7)

Each run is a fresh interpreter (imports included); the mrss frame counts only once the board
shows its data. Prints the median of each, and the ratio.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

PROBE = Path(__file__).with_name("_frame_probe.py")


def once(*args: str) -> tuple[float, float]:
    """(seconds inside the interpreter, seconds of the whole process as seen from outside)."""
    started = time.perf_counter()
    out = subprocess.run([sys.executable, str(PROBE), *args], capture_output=True, text=True,
                         check=True, timeout=120)
    wall = time.perf_counter() - started
    return float(out.stdout.strip().splitlines()[-1]), wall


def main() -> None:
    db = sys.argv[1] if len(sys.argv) > 1 else "/tmp/bench10y.db"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    if not Path(db).exists():
        sys.exit(f"{db} not found: build it with benchmarks/build_tenyear.py")
    once("bare")  # warm the file cache for both
    once("mrss", db)
    bare = [once("bare") for _ in range(runs)]
    mrss = [once("mrss", db) for _ in range(runs)]
    b_in, b_wall = statistics.median(t[0] for t in bare), statistics.median(t[1] for t in bare)
    m_in, m_wall = statistics.median(t[0] for t in mrss), statistics.median(t[1] for t in mrss)
    print(f"database: {db} ({Path(db).stat().st_size / 1e6:.0f} MB), {runs} runs each, medians")
    print(f"bare Textual app: first frame {b_in * 1000:6.0f} ms in-process, {b_wall * 1000:6.0f} ms process")
    print(f"mrss board      : first frame {m_in * 1000:6.0f} ms in-process, {m_wall * 1000:6.0f} ms process")
    print(f"ratio mrss/bare : {m_in / b_in:.2f} in-process, {m_wall / b_wall:.2f} process")


if __name__ == "__main__":
    main()
