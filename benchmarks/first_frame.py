"""Time from starting `mrss` in a pseudo-terminal until the board is on screen whole (its data
and the footer's keys), next to a bare Textual app (Header + Static + Footer) started the same
way and timed to the same point (its text and its footer's keys).

    .venv/bin/python benchmarks/first_frame.py [DB] [RUNS]   (default /tmp/bench10y.db, 9)

Runs alternate (bare, mrss, bare, mrss ...) after one warm-up each, so a busy machine slows
both alike; prints every run, the medians and the ratio. Works on a copy of DB. A run counts
only if the program drew its marker (for mrss: the board's figures, read from the database) and
then quit by itself with exit code 0; otherwise no figure is printed and the exit is non-zero.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _copies import compile_package, mrss_argv, working_copy  # noqa: E402
from _pty import ProgramFailed, PtyRun  # noqa: E402

BARE = [sys.executable, str(Path(__file__).with_name("_bare_app.py"))]
BARE_MARKER = b"hello from a bare app"
BOARD_MARKER = b"Crisis "  # drawn only once the board's figures are read (80+ columns)
# Both footers say "^q Quit" once their keys are laid out. Textual's footer (the bare app's)
# draws its keys a frame after the screen's first, so a screen is whole (usable, with its keys
# on show) only then; mrss's footer draws them with the screen's first frame.
FOOTER_MARKER = b"Quit"
TARGET_RATIO = 1.25


def time_first_frame(argv: list[str], marker: bytes) -> float:
    """Seconds until ``marker`` and the footer's keys are both drawn; raises ProgramFailed
    unless the program then quits cleanly."""
    run = PtyRun(argv)
    try:
        run.wait_for(marker)
        seconds = run.wait_for(FOOTER_MARKER)
    finally:
        code = run.stop()
    if code != 0:
        raise ProgramFailed(f"{argv[0]} drew its first frame but exited with {code}")
    return seconds


def measure(db: Path, runs: int) -> tuple[float, float]:
    """(median bare seconds, median mrss seconds), alternating, after one warm-up each."""
    samples = measure_runs(db, runs)
    return statistics.median(samples[0]), statistics.median(samples[1])


def measure_runs(db: Path, runs: int) -> tuple[list[float], list[float]]:
    compile_package()
    argv = mrss_argv(db)
    time_first_frame(BARE, BARE_MARKER)
    time_first_frame(argv, BOARD_MARKER)
    bare, mrss = [], []
    for _ in range(runs):
        bare.append(time_first_frame(BARE, BARE_MARKER))
        mrss.append(time_first_frame(argv, BOARD_MARKER))
    return bare, mrss


def main() -> None:
    db = sys.argv[1] if len(sys.argv) > 1 else "/tmp/bench10y.db"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 9
    try:
        with tempfile.TemporaryDirectory(prefix="mrss-bench-") as folder:
            bare, mrss = measure_runs(working_copy(db, Path(folder)), runs)
    except ProgramFailed as failure:
        sys.exit(f"no figure: {failure}")
    ms = lambda values: " ".join(f"{v * 1000:.0f}" for v in values)  # noqa: E731
    ratio = statistics.median(mrss) / statistics.median(bare)
    print(f"database: {db} (copy), {runs} alternating runs each, in a pseudo-terminal")
    print(f"bare app, whole    runs (ms): {ms(bare)}")
    print(f"mrss, board whole  runs (ms): {ms(mrss)}")
    print(f"bare app, whole   : first frame {statistics.median(bare) * 1000:6.0f} ms (median)")
    print(f"mrss, board whole : first frame {statistics.median(mrss) * 1000:6.0f} ms (median)")
    print(f"ratio mrss/bare   : {ratio:.2f} (target <= {TARGET_RATIO})")


if __name__ == "__main__":
    main()
