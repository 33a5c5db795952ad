"""F2 with an unfinished call: the key to the resume question drawn, next to a bare Textual app
opening a small dialog over a 50-row table (benchmarks/_bare_question_app.py).

    .venv/bin/python benchmarks/resume_question.py [DB] [ROUNDS] [ASKS]
        (default /tmp/bench10y.db, 3 rounds, 3 questions per process)

The copy of DB gets an unfinished intake for coord (saved through the workflow). Each round
starts the bare app and mrss, in turn, in an 80x24 pty; each is asked ASKS times (mrss: F2,
the question, enter resumes, escape back to the board keeps the draft). Prints both medians
and the ratio. Any program that fails to draw, or does not quit cleanly, stops the run with no
figures (non-zero exit). Issue 19: the question came 0.5-3 s after F2, drawn over the form.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _copies import CONFIG, compile_package, mrss_argv, working_copy  # noqa: E402
from _pty import ProgramFailed, PtyRun  # noqa: E402
from first_frame import BOARD_MARKER  # noqa: E402

BARE = [sys.executable, str(Path(__file__).with_name("_bare_question_app.py"))]
F2, ENTER, ESCAPE = b"\x1bOQ", b"\r", b"\x1b"
QUESTION = b"You were taking a call"
SETTLE_SECONDS = 1.5  # between two questions: the screen at rest, as a person would be
TARGET_RATIO = 2.0


def leave_unfinished_call(db: Path) -> None:
    from mrss_tui.config import load_config
    from mrss_tui.workflow.context import open_session
    from mrss_tui.workflow.intake import IntakeForm, new_form, save_draft

    session = open_session(db, load_config(CONFIG), "coord")
    try:
        blank = new_form(session)
        save_draft(session, IntakeForm.model_validate(
            {**blank.model_dump(), "callback_number": "5415550199"}))
    finally:
        session.store.close()


def bare_questions(asks: int) -> list[float]:
    run = PtyRun(BARE, columns=80, rows=24)
    try:
        run.wait_for(b"first screen drawn")
        seconds = []
        for _ in range(asks):
            run.count_bytes(SETTLE_SECONDS)
            seconds.append(run.time_key(b"q", b"the question drawn"))
            run.send(ENTER)
    finally:
        code = run.stop()
    if code != 0:
        raise ProgramFailed(f"the bare app exited with {code}")
    return seconds


def mrss_questions(db: Path, asks: int) -> list[float]:
    run = PtyRun(mrss_argv(db), columns=80, rows=24)
    try:
        run.wait_for(QUESTION)  # the start offers the unfinished call at once
        seconds = []
        for ask in range(asks + 1):
            if ask:
                seconds.append(run.time_key(F2, QUESTION))
            run.time_key(ENTER, b"Callback")  # resumed: the form drawn
            run.count_bytes(0.5)
            run.time_key(ESCAPE, BOARD_MARKER)  # back on the board, the draft kept
            run.count_bytes(SETTLE_SECONDS)
    finally:
        code = run.stop()
    if code != 0:
        raise ProgramFailed(f"mrss exited with {code}")
    return seconds


def main() -> None:
    db = sys.argv[1] if len(sys.argv) > 1 else "/tmp/bench10y.db"
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    asks = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    compile_package()
    bare, mrss = [], []
    try:
        with tempfile.TemporaryDirectory(prefix="mrss-bench-") as folder:
            copy = working_copy(db, Path(folder))
            leave_unfinished_call(copy)
            for _ in range(rounds):
                bare += bare_questions(asks)
                mrss += mrss_questions(copy, asks)
                print(f"  bare {[round(b * 1000) for b in bare[-asks:]]} ms, "
                      f"mrss {[round(m * 1000) for m in mrss[-asks:]]} ms", file=sys.stderr,
                      flush=True)
    except ProgramFailed as failure:
        sys.exit(f"no figure: {failure}")
    ratio = statistics.median(mrss) / statistics.median(bare)
    print(f"database: {db} (copy), {rounds} alternating rounds x {asks} questions, medians, "
          "80x24 pty")
    print(f"bare dialog {statistics.median(bare) * 1000:.0f} ms, mrss F2 -> resume question "
          f"{statistics.median(mrss) * 1000:.0f} ms, ratio {ratio:.2f}"
          f"{'' if ratio <= TARGET_RATIO else '  MISSED'}")


if __name__ == "__main__":
    main()
