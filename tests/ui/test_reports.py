"""The Reports screen, as a county administrator uses it (the only screen that role sees)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from mrss_tui.app import MrssApp
from mrss_tui.clock import FrozenClock
from mrss_tui.config import Config, build_config
from mrss_tui.screens.reports import ReportsScreen
from mrss_tui.workflow.context import open_session
from tests.conftest import T0


def make_app(db: Path, login: str = "county", config: Config | None = None) -> MrssApp:
    session = open_session(db, config or build_config({}), login, FrozenClock(T0))
    return MrssApp(session, poll_seconds=0)


async def settle(app: MrssApp, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.asyncio
async def test_county_admin_lands_on_the_last_full_week(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ReportsScreen)
        assert screen.report is not None and screen.report.week == "2026-W46"
        assert [e.id for e in app.allowed_entries()] == ["reports"]
        await pilot.press("b")  # the board's key does nothing for this role
        await settle(app, pilot)
        assert isinstance(app.screen, ReportsScreen)


@pytest.mark.asyncio
async def test_weeks_go_back_and_forward_to_the_current_provisional_week(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("left")
        await settle(app, pilot)
        assert screen.report.week == "2026-W45" and not screen.report.provisional
        await pilot.press("right", "right", "right")
        await settle(app, pilot)
        assert screen.report.week == "2026-W47" and screen.report.provisional
        assert "provisional" in str(app.screen.query_one("#report-head").render())


@pytest.mark.asyncio
async def test_m_switches_to_monthly_quarterly_and_annual_reports(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        seen = []
        for _ in range(4):
            await pilot.press("m")
            await settle(app, pilot)
            seen.append((app.screen.report.period_kind, app.screen.report.week))
        assert seen == [("month", "2026-10"), ("quarter", "2026-Q3"), ("year", "2025"),
                        ("week", "2026-W46")]


@pytest.mark.asyncio
async def test_writes_pdf_and_csv_to_the_report_folder(demo_db: Path, tmp_path: Path) -> None:
    # A person's reports go to their own folder, never the worker's filed reports.
    folder = demo_db.parent / f"{demo_db.stem}-files" / "reports"
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("left", "p")
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
    pdf = folder / "mrss-weekly-2026-W45.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Week 2026-W45" in text
    assert (folder / "mrss-weekly-2026-W45.csv").read_text().startswith("section,figure,value")


@pytest.mark.asyncio
async def test_coordinator_reaches_reports_from_the_board(demo_db: Path) -> None:
    app = make_app(demo_db, login="coord")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert not isinstance(app.screen, ReportsScreen)
        await pilot.press("r")
        await settle(app, pilot)
        assert isinstance(app.screen, ReportsScreen)


def test_reports_screen_snapshot(demo_db: Path, snap_compare) -> None:
    app = make_app(demo_db)

    async def loaded(pilot) -> None:
        await settle(pilot.app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=loaded)


def test_reports_screen_snapshot_trend(demo_db: Path, snap_compare) -> None:
    app = make_app(demo_db)

    async def at_trend(pilot) -> None:
        await settle(pilot.app, pilot)
        pilot.app.screen.query_one("#report-trend").scroll_visible(animate=False, top=True)
        await settle(pilot.app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=at_trend)
