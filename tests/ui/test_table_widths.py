"""Every frame of a SafeTable shows its cells whole, the first frame after rows arrive included.

Textual's DataTable sizes its columns to their cells only when it is idle: a frame drawn
before that showed header-wide columns, and rows drawn in it stayed in the table's render
caches, so a frame (or a snapshot) drawn after the sizing but before the table handled its
Resize showed cut cells under a column already wide. Under load that frame was the one a
snapshot caught (the audit viewer failed 1 run in 30). These tests draw the table's lines in
the same step as the rows are added, with no idle time between: the moment that race hit.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from textual.app import App, ComposeResult

from mrss_tui.screens.roster import RosterScreen
from mrss_tui.widgets.safe import SafeTable
from tests.ui.helpers import make_app, settle

WIDE = "A cell much wider than its column's title"


class OneTable(App):
    def compose(self) -> ComposeResult:
        yield SafeTable(id="t", cursor_type="row")

    def on_mount(self) -> None:
        self.query_one(SafeTable).add_columns("Id", "Text")


def drawn(table: SafeTable) -> list[str]:
    """The header and rows as the next frame would draw them."""
    return [table.render_line(y).text.rstrip() for y in range(1 + table.row_count)]


@pytest.mark.asyncio
async def test_rows_are_drawn_whole_before_the_table_is_idle() -> None:
    app = OneTable()
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(SafeTable)
        table.add_row("1", WIDE, key="1")
        table.add_rows([["2", "short"], ["3", WIDE + " too"]])
        lines = drawn(table)  # no await: the table has had no idle time
        assert WIDE in lines[1] and WIDE + " too" in lines[3], lines
        assert table.virtual_size.height == 4  # header and three rows: no stale scroll bar
        await pilot.pause()
        assert drawn(table) == lines  # the idle step changes nothing already drawn


@pytest.mark.asyncio
async def test_a_frame_drawn_before_the_rows_are_measured_is_not_kept() -> None:
    app = OneTable()
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(SafeTable)
        table.add_row("1", "short", key="1")
        await pilot.pause()
        drawn(table)  # fills the caches with the narrow column
        table.update_cell("1", table.ordered_columns[1].key, WIDE, update_width=True)
        assert WIDE in drawn(table)[1]
        table.clear()
        table.add_row("2", WIDE + " again", key="2")
        assert WIDE + " again" in drawn(table)[1]
        table.clear()
        assert table.virtual_size.height == 1  # the header only, at once


@pytest.mark.asyncio
async def test_a_refill_is_measured_once_on_leaving_the_block() -> None:
    app = OneTable()
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(SafeTable)
        with table.filling():
            table.clear()
            for n in range(3):
                table.add_row(str(n), f"{WIDE} {n}", key=str(n))
            assert table.virtual_size.height == 1  # not measured yet: nothing drawn meanwhile
        lines = drawn(table)
        assert all(f"{WIDE} {n}" in lines[1 + n] for n in range(3)), lines
        assert table.virtual_size.height == 4


@pytest.mark.asyncio
async def test_the_cursor_sort_and_keys_are_as_before() -> None:
    app = OneTable()
    async with app.run_test(size=(80, 12)) as pilot:
        await pilot.pause()
        table = app.query_one(SafeTable)
        table.add_rows([[str(n), f"row {n}"] for n in range(30)])
        table.move_cursor(row=25)
        await pilot.pause()
        assert table.cursor_row == 25 and table.scroll_y > 0  # scrolled to the cursor
        table.sort(table.ordered_columns[1].key, key=lambda text: text.plain, reverse=True)
        assert table.get_row_at(0)[1].plain == "row 9"
        await pilot.press("up")
        assert table.cursor_row == 24


@pytest.mark.asyncio
async def test_the_roster_shows_a_long_name_whole_in_its_first_frame(demo_db: Path) -> None:
    app = make_app(demo_db, login="super")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RosterScreen) and screen.view is not None
        first = screen.view.staff[0]
        renamed = first._replace(name="Bartholomew Featherstonehaugh-Smythe")
        longer = replace(screen.view, staff=[renamed, *screen.view.staff[1:]])
        screen.show(longer)
        lines = drawn(screen.query_one("#roster-staff", SafeTable))  # no await
        shown = "\n".join(lines)
        assert "Bartholomew Featherstonehaugh-Smythe" in shown, shown

