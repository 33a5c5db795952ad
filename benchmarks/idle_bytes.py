"""Bytes per second that each idle screen sends to the terminal: what a clinician's metered
mobile link pays while the app just sits there. Runs the real `mrss` in a pseudo-terminal.

    .venv/bin/python benchmarks/idle_bytes.py [DB] [SECONDS]   (default /tmp/bench10y.db, 90)

For each screen: start mrss (80x24), open the screen with the keys a user presses, let it
settle (until the start's own work has drawn what it changed: see QUIET_SECONDS), then count
what it writes over SECONDS without input. Target < 0.2 kB/s (no
compression). The window is 90 s by default: repaints that come every 30-60 s (a clock
ticking under a dialog) slip through a 20 s window. The screens run side by side, each in its
own copy of DB and its own terminal, so the whole run takes one window; the largest single
write is printed too (a whole-screen repaint at 80x24 is several kB). Fails if mrss errors.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _copies import mrss_argv, working_copy  # noqa: E402
from _pty import PtyRun  # noqa: E402

TARGET_BYTES_PER_SECOND = 200.0
from first_frame import BOARD_MARKER  # noqa: E402
F2 = b"\x1bOQ"
ENTER = b"\r"
# The start's own work (the warm-up, then the scheduled jobs' catch-up, which redraws the data
# they change) ends at a time that depends on the machine and on the warm-up's length: the
# window starts once QUIET_SECONDS pass with no write bigger than a clock tick, at most
# SETTLE_LIMIT_SECONDS after the screen showed (a screen that never goes quiet is measured
# anyway). A repaint every 30-60 s still lands in the 90 s window.
QUIET_SECONDS = 10.0
SETTLE_LIMIT_SECONDS = 60.0
CLOCK_TICK_BYTES = 300  # the header's clock line, redrawn each minute

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
    ("contact form", [(b"e", b"episodes"), (ENTER, b"What"), (b"c", b"Log a contact")]),
]


def idle_rate(db: Path, steps: list[tuple[bytes, bytes]], seconds: float) -> float:
    return idle_writes(db, steps, seconds)[0]


def idle_writes(db: Path, steps: list[tuple[bytes, bytes]],
                seconds: float) -> tuple[float, int]:
    """Bytes per second over ``seconds`` idle on the screen ``steps`` lead to, and the
    largest single write in that time."""
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
        settle(run)
        total, largest = 0, 0
        end = time.perf_counter() + seconds
        while (left := end - time.perf_counter()) > 0:
            written = len(run._read(min(left, 0.2)))
            total += written
            largest = max(largest, written)
        return total / seconds, largest
    finally:
        run.stop()


def settle(run: PtyRun) -> None:
    """Until QUIET_SECONDS pass with nothing bigger than a clock tick written (at most
    SETTLE_LIMIT_SECONDS)."""
    limit = time.perf_counter() + SETTLE_LIMIT_SECONDS
    quiet_since = time.perf_counter()
    while time.perf_counter() < limit and time.perf_counter() - quiet_since < QUIET_SECONDS:
        if len(run._read(0.2)) > CLOCK_TICK_BYTES:
            quiet_since = time.perf_counter()


def measure(db: Path, seconds: float) -> list[tuple[str, float]]:
    return [(name, rate) for name, rate, _largest in measure_side_by_side(db, seconds)]


def measure_side_by_side(db: Path, seconds: float) -> list[tuple[str, float, int]]:
    """Every screen at once, each on its own copy of ``db`` (mrss's jobs write to it)."""
    results: dict[str, tuple[float, int]] = {}
    failures: list[BaseException] = []

    def one(name: str, steps: list[tuple[bytes, bytes]], copy: Path) -> None:
        try:
            results[name] = idle_writes(copy, steps, seconds)
        except BaseException as exc:  # noqa: BLE001 - re-raised below, in the main thread
            failures.append(exc)

    threads = []
    for number, (name, steps) in enumerate(SCREENS):
        folder = db.parent / f"screen{number}"
        folder.mkdir(exist_ok=True)
        copy = working_copy(db, folder)
        threads.append(threading.Thread(target=one, args=(name, steps, copy)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return [(name, *results[name]) for name, _steps in SCREENS]


def main() -> None:
    db = sys.argv[1] if len(sys.argv) > 1 else "/tmp/bench10y.db"
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 90.0
    with tempfile.TemporaryDirectory(prefix="mrss-bench-") as folder:
        rates = measure_side_by_side(working_copy(db, Path(folder)), seconds)
    print(f"idle bytes per second at 80x24 over {seconds:.0f} s, target < "
          f"{TARGET_BYTES_PER_SECOND:.0f} B/s")
    for name, rate, largest in rates:
        flag = "" if rate < TARGET_BYTES_PER_SECOND else "  MISSED"
        print(f"  {name:<16} {rate:8.1f} B/s  largest read {largest:6d} B{flag}")


if __name__ == "__main__":
    main()
