"""One writer or reader of the contention test (``python -m tests.faults.contend MODE DB JOURNAL SECONDS SEED``).

A writer records calls, contacts and pages in a loop; a reader loads the board and the episode
list. Every operation runs through the workflow exactly as a screen would; any exception that
would reach a user (a lock error above all) ends the process with exit 3 and ``ERROR`` on stderr.
Prints ``OPS n WORST_MS w`` (w: the slowest single operation, for the record, never asserted).
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

from mrss_tui.clock import SystemClock
from mrss_tui.config import build_config
from mrss_tui.domain.enums import Phase
from mrss_tui.workflow.board import board_summary
from mrss_tui.workflow.context import open_session
from mrss_tui.workflow.episodes import list_episodes
from tests.faults.soak_worker import Worker


def main() -> None:
    mode, db, journal, seconds, seed = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), \
        float(sys.argv[4]), int(sys.argv[5])
    rng = random.Random(seed)
    ops, worst = 0, 0.0
    try:
        if mode == "writer":
            worker = Worker(db, journal, rng)
            actions = [worker.call, worker.contact, worker.page]
            step = lambda: rng.choices(actions, weights=[3, 3, 1])[0]()  # noqa: E731
        else:
            session = open_session(db, build_config({}), "super", SystemClock())

            def step() -> None:
                board_summary(session)
                list_episodes(session, Phase.CRISIS)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            started = time.monotonic()
            step()
            worst = max(worst, time.monotonic() - started)
            ops += 1
    except Exception as exc:  # noqa: BLE001 - what would have reached a user
        print(f"ERROR {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        os._exit(3)
    print(f"OPS {ops} WORST_MS {worst * 1000:.0f}", flush=True)


if __name__ == "__main__":
    main()
