"""Snapshots of the shell on the seed-7 demo with a frozen clock, at 80x24 and 120x40."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.helpers import make_app, settle


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_board(snap_compare, demo_db: Path, size: tuple[int, int]) -> None:
    assert snap_compare(make_app(demo_db), terminal_size=size, run_before=settle)


def test_help_screen(snap_compare, demo_db: Path) -> None:
    async def open_help(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(demo_db), terminal_size=(80, 24), run_before=open_help)
