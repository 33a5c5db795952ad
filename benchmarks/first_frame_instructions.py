"""Instructions a start executes until its first screen is whole, mrss against a bare Textual
app, counted by valgrind (cachegrind, without its cache simulation).

    .venv/bin/python benchmarks/first_frame_instructions.py [DB] [RUNS]
        (default /tmp/bench10y.db, 2 runs each; needs valgrind: apt-get install valgrind)

The companion of first_frame.py, not its replacement. Wall time is what a person waits, but on
a shared virtual machine the same start varies by a third from one minute to the next, so a
change of a few milliseconds cannot be told from noise there. The instructions of one start
vary by about 0.1% from run to run: a change that saves work shows here at once. They are not
time (the kernel, the terminal and waiting are left out, and an instruction's cost varies).

Each program runs in a pseudo-terminal under valgrind (about 40 times slower) and exits as soon
as what first_frame.py waits for is written: its marker and its footer's keys
(_exit_at_whole.py), its clock slowed to match, so that its timers fire where they would
natively, not before the screen is whole. A run counts only if the program exited 0 with both in its output, and
valgrind reported a count; otherwise no figure is printed and the exit is non-zero. Works on a
copy of DB, after one uncounted start of each (the first start on a copy writes to it). Python's
hash seed is fixed so that runs repeat.
"""

from __future__ import annotations

import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _copies import CONFIG, compile_package, working_copy  # noqa: E402
from _pty import ProgramFailed, PtyRun  # noqa: E402
from first_frame import BARE_MARKER, BOARD_MARKER, FOOTER_MARKER  # noqa: E402

EXIT_AT_WHOLE = str(Path(__file__).with_name("_exit_at_whole.py"))
SLOWDOWN_LIMIT_SECONDS = 600.0  # one start under valgrind takes ~10-20 s on a 2-core machine
# About how much slower valgrind runs these programs: their clocks run this much slower so that
# their timers fire where they would natively (_exit_at_whole.py).
CLOCK_SLOWDOWN = "30"
COUNT = re.compile(r"I\s+refs:\s+([\d,]+)")


def programs(db: Path) -> dict[str, tuple[list[str], bytes]]:
    mrss = [sys.executable, EXIT_AT_WHOLE, "mrss", "--db", str(db), "--config", str(CONFIG),
            "--as", "coord"]
    return {"bare": ([sys.executable, EXIT_AT_WHOLE, "bare"], BARE_MARKER),
            "mrss": (mrss, BOARD_MARKER)}


def count_instructions(argv: list[str], marker: bytes, folder: Path) -> int:
    """Instructions ``argv`` executes until its screen is whole; ProgramFailed otherwise."""
    log = folder / "valgrind.log"
    log.unlink(missing_ok=True)
    run = PtyRun(["valgrind", "--tool=cachegrind", "--cache-sim=no",
                  "--cachegrind-out-file=/dev/null", f"--log-file={log}", *argv],
                 env={"PYTHONHASHSEED": "0", "CLOCK_SLOWDOWN": CLOCK_SLOWDOWN})
    try:
        run.wait_for(marker, timeout=SLOWDOWN_LIMIT_SECONDS)
        run.wait_for(FOOTER_MARKER, timeout=SLOWDOWN_LIMIT_SECONDS)
        code = run.proc.wait(timeout=SLOWDOWN_LIMIT_SECONDS)
    finally:
        run.stop()
    return instructions_from(code, log.read_text() if log.exists() else "", " ".join(argv[2:4]))


def instructions_from(code: int, log: str, what: str) -> int:
    """The count from valgrind's log of a run that exited ``code``; ProgramFailed unless the
    run ended as _exit_at_whole.py ends it (exit 0) and valgrind counted it."""
    found = COUNT.search(log)
    if code != 0 or found is None:
        raise ProgramFailed(f"{what}: exit {code}, no whole first screen counted")
    return int(found.group(1).replace(",", ""))


def main() -> None:
    db = sys.argv[1] if len(sys.argv) > 1 else "/tmp/bench10y.db"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    if shutil.which("valgrind") is None:
        sys.exit("no figure: valgrind is not installed (apt-get install valgrind)")
    compile_package()
    counts: dict[str, list[int]] = {"bare": [], "mrss": []}
    try:
        with tempfile.TemporaryDirectory(prefix="mrss-bench-") as name:
            folder = Path(name)
            started = programs(working_copy(db, folder))
            for argv, marker in started.values():  # a first start on a copy does more
                count_instructions(argv, marker, folder)
            for _ in range(runs):
                for which, (argv, marker) in started.items():
                    counts[which].append(count_instructions(argv, marker, folder))
    except ProgramFailed as failure:
        sys.exit(f"no figure: {failure}")
    bare, mrss = statistics.median(counts["bare"]), statistics.median(counts["mrss"])
    spread = max((max(c) - min(c)) / statistics.median(c) for c in counts.values())
    print(f"database: {db} (copy), {runs} runs each, in a pseudo-terminal under valgrind")
    print(f"bare app, whole   : {bare / 1e6:8.1f} M instructions (median)")
    print(f"mrss, board whole : {mrss / 1e6:8.1f} M instructions (median)")
    print(f"ratio mrss/bare   : {mrss / bare:.3f} (instructions, not time; runs differ by at "
          f"most {spread:.2%})")


if __name__ == "__main__":
    main()
