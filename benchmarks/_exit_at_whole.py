"""Run mrss or the bare app (_bare_app.py) until its first screen is whole, then exit at once:
what benchmarks/first_frame_instructions.py counts.

Whole is what first_frame.py waits for, read the same way: the program has written its marker
(for mrss the board's figures, read from the database) and its footer's keys ("Quit") to the
terminal. Textual's writer thread is patched as its module is first imported, by whoever
imports it, so the program imports nothing earlier or in another order than it would (mrss
sets the terminal's settings before Textual's import).

    python _exit_at_whole.py mrss MRSS_ARGS...
    python _exit_at_whole.py bare

Under valgrind a program runs ~30 times slower, but its timers would still fire by the wall
clock: mrss's jobs (1 s), its data poll (1 s) and the start's fallback timer (0.3 s) would then
run before its first screen is whole, as they never do natively, and the count would depend on
what is overdue in the database at that hour. With CLOCK_SLOWDOWN set (the benchmark sets it),
the program's clock runs that much slower, and so do its event loop's waits: its timers fire
where they would natively.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import os
import runpy
import selectors
import sys
import time
from pathlib import Path
from typing import Any

WRITER_MODULE = "textual.drivers._writer_thread"  # Textual's; where every frame goes out
# As in first_frame.py (a test keeps them equal): imported from there, its imports would be
# counted as the program's.
MARKERS = {"mrss": ("Crisis ", "Quit"), "bare": ("hello from a bare app", "Quit")}


def _exit_once_written(module: Any, markers: tuple[str, ...]) -> None:
    write = module.WriterThread.write
    written: list[str] = []

    def write_then_exit(self: Any, text: str) -> None:
        write(self, text)
        written.append(text)
        if all(marker in "".join(written) for marker in markers):
            self.stop()  # writes out what is queued, this frame included, and ends the thread
            os._exit(0)

    module.WriterThread.write = write_then_exit


class _PatchOnImport(importlib.abc.MetaPathFinder):
    def __init__(self, markers: tuple[str, ...]) -> None:
        self.markers = markers

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != WRITER_MODULE:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        execute = spec.loader.exec_module

        def exec_module(module: Any) -> None:
            execute(module)
            _exit_once_written(module, self.markers)

        spec.loader.exec_module = exec_module
        return spec


def slow_the_clock(factor: float) -> None:
    """time.monotonic and time.perf_counter (asyncio's and Textual's clocks) run ``factor``
    times slower, and the event loop's waits last ``factor`` times longer to match."""
    monotonic, perf_counter = time.monotonic, time.perf_counter
    zero_monotonic, zero_perf = monotonic(), perf_counter()
    time.monotonic = lambda: zero_monotonic + (monotonic() - zero_monotonic) / factor
    time.perf_counter = lambda: zero_perf + (perf_counter() - zero_perf) / factor
    select = selectors.EpollSelector.select
    selectors.EpollSelector.select = (  # type: ignore[method-assign]
        lambda self, timeout=None: select(self, None if timeout is None else timeout * factor))


def main() -> None:
    slowdown = float(os.environ.get("CLOCK_SLOWDOWN", "1"))
    if slowdown != 1:
        slow_the_clock(slowdown)  # before any import takes the clock's functions
    which, *args = sys.argv[1:]
    sys.meta_path.insert(0, _PatchOnImport(MARKERS[which]))
    if which == "bare":
        bare = Path(__file__).with_name("_bare_app.py")
        sys.argv = [str(bare)]
        runpy.run_path(str(bare), run_name="__main__")
    else:
        from mrss_tui.launch import main as mrss_main

        sys.argv = ["mrss", *args]
        mrss_main()
    sys.exit("the program ended before its first screen was whole")


if __name__ == "__main__":
    main()
