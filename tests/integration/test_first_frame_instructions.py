"""Issue 24: the instruction-count benchmark (benchmarks/first_frame_instructions.py) counts a
start up to what first_frame.py waits for, and refuses a run that did not get there. Run here
without valgrind (which CI does not install): the programs it starts, and its verdict."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

import _exit_at_whole  # noqa: E402
import first_frame  # noqa: E402
import first_frame_instructions as instructions  # noqa: E402
from _pty import ProgramFailed, PtyRun  # noqa: E402


def test_it_waits_for_what_first_frame_waits_for() -> None:
    assert _exit_at_whole.MARKERS == {
        "mrss": (first_frame.BOARD_MARKER.decode(), first_frame.FOOTER_MARKER.decode()),
        "bare": (first_frame.BARE_MARKER.decode(), first_frame.FOOTER_MARKER.decode())}


@pytest.mark.parametrize("which", ["bare", "mrss"])
def test_each_program_exits_by_itself_once_its_first_screen_is_written(
        which: str, demo_db: Path) -> None:
    argv, marker = instructions.programs(demo_db)[which]
    run = PtyRun(argv, env={"CLOCK_SLOWDOWN": instructions.CLOCK_SLOWDOWN})  # as it runs them
    try:
        run.wait_for(marker)
        run.wait_for(first_frame.FOOTER_MARKER)
        code = run.proc.wait(timeout=30)
    finally:
        run.stop()
    assert code == 0
    assert b"Traceback" not in run.output


def test_a_run_that_did_not_end_at_its_whole_screen_gives_no_figure() -> None:
    counted = "==1== Collected : 1023154227\n==1==\n==1== I   refs:      1,023,154,227\n"
    assert instructions.instructions_from(0, counted, "bare") == 1_023_154_227
    with pytest.raises(ProgramFailed):
        instructions.instructions_from(1, counted, "mrss")  # quit otherwise, or crashed
    with pytest.raises(ProgramFailed):
        instructions.instructions_from(0, "==1== killed by signal 9\n", "mrss")
