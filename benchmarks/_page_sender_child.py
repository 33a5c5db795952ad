"""One real sender process for benchmarks/page_senders.py: runs the page-sending job on DB in a
loop, with the real clock, until it is killed (SIGTERM at the end, SIGKILL to play a crash)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from mrss_tui.clock import SystemClock
from mrss_tui.config import Config, build_config
from mrss_tui.store.db import Store
from mrss_tui.workflow.context import SYSTEM, Session
from mrss_tui.workflow.page_sender import send_due_pages
from mrss_tui.workflow.page_transport import load_apprise


def bench_config() -> Config:
    """Short limits so a benchmark ends in seconds: 2 s per send (a 9 s lease), retries from
    1 s, and enough attempts that a receiver down for a while is still reached."""
    return build_config({"paging": {"send_timeout_seconds": 2, "retry_base_seconds": 1,
                                    "max_attempts": 20}})


def main(db: str) -> None:
    clock = SystemClock()
    with Store.open(Path(db), clock=clock) as store:
        session = Session(store, bench_config(), SYSTEM, clock)
        load_apprise()  # what the first run would do anyway, before the clock starts
        print("READY", flush=True)
        while True:
            send_due_pages(session)
            time.sleep(0.1)  # the job's own pace (every 5 s in the app), shortened


if __name__ == "__main__":
    main(sys.argv[1])
