"""Keypresses for a full high-risk intake and page, other than typed text (goal: 30 or fewer).

Scripts the call with Pilot on a fresh seed-7 demo database (frozen at the test instant), checks
that the call, the episode, the dispatch and its pages were really stored, and prints the count.

    .venv/bin/python benchmarks/intake_keypresses.py
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import mrss_tui.app  # noqa: E402,F401 - first: the app scans the screens
from mrss_tui.clock import FrozenClock  # noqa: E402
from mrss_tui.config import build_config  # noqa: E402
from mrss_tui.store.db import Store  # noqa: E402
from mrss_tui.workflow.demo import DemoOptions, generate_demo  # noqa: E402
from tests.conftest import T0  # noqa: E402
from tests.ui.intake_helpers import HIGH_RISK_CALL, RECORD_AND_PAGE, make_app, play, settle  # noqa: E402

GOAL = 30


async def run(db: Path) -> int:
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        keys = await play(pilot, [("key", "f2"), *HIGH_RISK_CALL, *RECORD_AND_PAGE])
        await settle(pilot)
    return keys


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        with Store.open(db, create=True, clock=FrozenClock(T0)) as store:
            generate_demo(store, build_config({}), DemoOptions(seed=7))
            calls_before = store.calls.count()
        started = time.perf_counter()
        keys = asyncio.run(run(db))
        elapsed = time.perf_counter() - started
        with Store.open(db) as store:
            assert store.calls.count() == calls_before + 1, "the call was not recorded"
            call_id = store.scalar("SELECT max(id) FROM calls")
            call = store.calls.get(call_id)
            dispatch_id = store.scalar("SELECT id FROM dispatches WHERE call_id = ?", (call_id,))
            assert call.risk_level.value == "high" and dispatch_id, "no dispatch for the call"
            pages = len(store.pages.for_dispatch(dispatch_id))
    typed = sum(len(value) for kind, value in HIGH_RISK_CALL if kind == "type")
    print(f"high-risk intake + page: {keys} keypresses besides {typed} typed characters "
          f"(goal <= {GOAL}: {'met' if keys <= GOAL else 'NOT met'}); {pages} pages queued; "
          f"scripted run {elapsed:.1f} s")


if __name__ == "__main__":
    main()
