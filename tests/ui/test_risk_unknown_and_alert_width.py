"""Issue 27 details at the keyboard: the violence screen takes "unknown" (u) and the risk bar
then reads "incomplete (at least ...)"; the alert message column uses the screen's width."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

import mrss_tui.app  # noqa: F401 - first: importing a screen module before the app is circular
from mrss_tui.domain.cssrs import CssrsAnswers
from tests.ui.helpers import make_app, settle
from tests.ui.test_program_intake import open_intake, program_db


@pytest.mark.asyncio
async def test_u_on_the_violence_screen_leaves_the_risk_incomplete(tmp_path: Path) -> None:
    db, config = program_db(tmp_path, "okc-crt")
    app = make_app(db, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_intake(pilot)
        screen.query_one("#cssrs").answers = CssrsAnswers(q1=False, q2=False, q6=False)
        field = screen.query_one("#risk_others")
        field.focus()
        await pilot.press("y", "u")  # confused: yes; irritable: the caller cannot say
        await settle(pilot)
        assert field.answers.confused is True and field.answers.unknown == ("irritable",)
        assert "? Irritable" in str(field.render())
        bar = str(screen.query_one("#risk-bar").render())
        assert "incomplete (at least Moderate) to others" in bar and "None to self" in bar
        await pilot.press("backspace")  # undo takes the unknown back too
        await settle(pilot)
        assert field.answers.unknown == ()


@pytest.mark.asyncio
@pytest.mark.parametrize("width, expected", [(80, 51), (120, 91)])
async def test_the_alert_message_column_uses_the_width(demo_db: Path, width, expected) -> None:
    from mrss_tui.screens.alerts import AlertsScreen

    app = make_app(demo_db)
    async with app.run_test(size=(width, 30)) as pilot:
        await settle(pilot)
        app.push_screen(AlertsScreen())
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.columns[ColumnKey("message")].width == expected


@pytest.mark.asyncio
async def test_a_long_contact_note_is_read_whole_at_80x24(demo_db: Path) -> None:
    from mrss_tui.domain.enums import ContactMode, Service
    from mrss_tui.screens.episode import EpisodeScreen
    from mrss_tui.workflow.episodes import log_contact

    note = " ".join(f"Sentence {n} of what the family said on the porch." for n in range(1, 15))
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        store = app.session.store
        episode_id = store.scalar("SELECT max(id) FROM episodes WHERE phase = 'crisis'")
        staff_id = store.episodes.team(episode_id)[0]
        log_contact(app.session, episode_id, {
            "at": app.session.now(), "mode": ContactMode.PHONE, "staff_id": staff_id,
            "services": [Service.CARE_COORDINATION], "minutes": 10, "note": note})
        app.push_screen(EpisodeScreen(episode_id))
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#ep-timeline", DataTable)
        row = next(i for i, e in enumerate(screen.detail.timeline) if note in e.text)
        table.move_cursor(row=row)
        await settle(pilot)
        assert "Sentence 14 of what the family said on the porch." in str(
            screen.query_one("#ep-entry").render())
        box = screen.query_one("#ep-entry-box")
        assert box.max_scroll_y > 0  # taller than its room: it scrolls instead of cutting
        box.scroll_end(animate=False)
        await settle(pilot)
        assert box.scroll_y == box.max_scroll_y and box.region.bottom <= 24
