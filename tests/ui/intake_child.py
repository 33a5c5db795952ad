"""Run by test_intake_kill.py in a subprocess: type part of a call, report, then wait to be
killed (SIGKILL, as when a process dies or an SSH connection drops mid-call)."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

import mrss_tui.app  # noqa: F401 - first: the app scans the screens
from tests.ui.intake_helpers import HIGH_RISK_CALL, make_app, play, settle


async def main(db: Path) -> None:
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await play(pilot, HIGH_RISK_CALL[:12])  # up to the address, no screener yet
        typed_at = time.monotonic()
        await pilot.pause(1.0)  # the promise: saved within a second
        print(f"TYPED {time.monotonic() - typed_at:.2f}", flush=True)
        await asyncio.sleep(3600)


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))
