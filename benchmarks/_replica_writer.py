"""One intake writer for benchmarks/replica_recovery.py: records calls as coordinator LOGIN
through the real workflow until killed (or COUNT calls; argv: DB CONFIG LOGIN COUNT WRITER), printing "call_id unix_time" after
each commit returns: that line is the acknowledgement a coordinator would see."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from mrss_tui.clock import SystemClock
from mrss_tui.config import load_config
from mrss_tui.domain.cssrs import CssrsAnswers
from mrss_tui.domain.enums import Line, Triage
from mrss_tui.workflow.context import open_session
from mrss_tui.workflow.intake import IntakeForm, record_call


def main(db: str, config: str, login: str, count: int, writer: int) -> None:
    session = open_session(Path(db), load_config(Path(config)), login, SystemClock())
    n = 0
    while count == 0 or n < count:
        n += 1
        call = record_call(session, IntakeForm(
            # A new (fictional) number and name each time: no call is a repeat of another.
            received_at=session.now().isoformat(), callback_number=f"541-{300 + writer}-{n:04d}",
            line=Line.L988, person_name=f"Test {writer} Person {n}", born_or_age="16", town="Burns",
            situation="benchmark call", triage=Triage.PHONE_ONLY,
            cssrs=CssrsAnswers(q1=False, q2=False, q6=False))).call
        print(f"{call.id} {time.time():.6f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
