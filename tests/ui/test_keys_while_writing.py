"""Writing a file (a report's PDF) does not hold the keys (issue 19, long work).

The screen is ready while the PDF is written; holding the keys for the seconds it takes made
the app look frozen. The writer is slowed on purpose (tests/ui/slow_loads.py): a key typed
after ``p`` must act on the report at once, while the PDF is still being written.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import mrss_tui.app  # noqa: F401 - first: importing a screen module before the app is circular
from tests.ui.burst import burst
from tests.ui.intake_helpers import make_app, settle
from tests.ui.slow_loads import SlowLoads, until


@pytest.mark.asyncio
async def test_keys_act_on_the_report_while_its_pdf_is_written(demo_db: Path) -> None:
    from mrss_tui.screens.reports import ReportsScreen

    app = make_app(demo_db, login="county")
    titles: list[str] = []  # notices expire: a busy machine may be slower than their timeout
    shown = app.notify
    app.notify = lambda message, **kw: (titles.append(kw.get("title", "")), shown(message, **kw))[1]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReportsScreen) and screen.report.week == "2026-W46"
        slow = SlowLoads(app, "report-write")
        await burst(pilot, ["p", "m"], then_settle=False)
        await until(pilot, lambda: "report-write" in slow.started, "the PDF being written")
        await until(pilot, lambda: screen.report.period_kind == "month",
                    "m switching to the monthly report while the PDF is written")
        assert not slow.go.is_set()  # still writing
        slow.release()
        await until(pilot, lambda: "PDF written" in titles, "the PDF written")
    folder = demo_db.parent / f"{demo_db.stem}-files" / "reports"
    assert (folder / "mrss-weekly-2026-W46.pdf").exists()  # the week shown when p was typed
