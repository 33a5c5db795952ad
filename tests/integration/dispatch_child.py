"""A real process for the kill tests: ``record DB ISO`` records a mobile-dispatch call and waits
(to be killed before anyone pages); ``send DB ISO`` sends the due pages (to be killed after its
POST reached the receiver). The clock is frozen at ISO."""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path

from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.domain.cssrs import CssrsAnswers
from mrss_tui.domain.enums import Line, Triage
from mrss_tui.store.db import Store
from mrss_tui.workflow.context import SYSTEM, Actor, Session
from mrss_tui.workflow.intake import IntakeForm, record_call
from mrss_tui.workflow.page_sender import send_due_pages


def main(mode: str, db: str, at: str) -> None:
    store = Store.open(Path(db), clock=FrozenClock(datetime.fromisoformat(at)))
    if mode == "record":
        staff = store.staff.by_login("coord")
        session = Session(store, build_config({}), Actor.of(staff), store.clock)
        form = IntakeForm(received_at=at, callback_number="541-555-0101", line=Line.L988,
                          person_name="Kim Test", born_or_age="13", address="9 Oak St",
                          town="Burns", situation="Fictional test crisis",
                          cssrs=CssrsAnswers(q1=True, q2=True, q3=True, q4=True, q5=False,
                                             q6=False),
                          triage=Triage.MOBILE_DISPATCH)
        call = record_call(session, form).call
        print(f"RECORDED {call.id}", flush=True)
    else:
        session = Session(store, build_config({}), SYSTEM, store.clock)
        print("SENDING", flush=True)
        send_due_pages(session, worker="child")
        print("SENT", flush=True)
    time.sleep(60)  # the test kills us here (or, for send, while the POST is unanswered)


if __name__ == "__main__":
    main(*sys.argv[1:4])
