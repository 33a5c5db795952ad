"""Ctrl+D throws the intake away, asking first, wherever the focus is.

A text field has the focus nearly always on the intake, and its own ctrl+d (delete the character
to the right) took the key: Discard never happened.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

import mrss_tui.app  # noqa: F401 - first: importing a screen module before the app is circular
from mrss_tui.store.db import Store
from tests.ui.burst import burst, keys_of
from tests.ui.intake_helpers import make_app, settle
from tests.ui.slow_loads import until


def _intake_draft(db: Path):
    with Store.open(db) as store:
        return store.drafts.get("coord", "intake")


@pytest.mark.asyncio
async def test_ctrl_d_in_a_text_field_asks_then_throws_the_intake_away(demo_db: Path) -> None:
    from mrss_tui.screens.intake import IntakeScreen
    from mrss_tui.screens.intake_dialogs import ConfirmModal

    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, keys_of([("key", "f2"), ("type", "5415550123"), ("key", "enter"),
                                    ("key", "1"), ("type", "Dana Whitlock")]))
        await until(pilot, lambda: _intake_draft(demo_db) is not None, "the draft saved")
        assert isinstance(app.focused, Input) and app.focused.value == "Dana Whitlock"
        await pilot.press("left", "left", "ctrl+d")  # the cursor is inside the text
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal), "the question")
        await pilot.press("escape")  # keep it: nothing changed
        await until(pilot, lambda: isinstance(app.screen, IntakeScreen), "back on the form")
        assert app.screen.query_one("#caller_name", Input).value == "Dana Whitlock"
        await pilot.press("ctrl+d", "d")
        await until(pilot, lambda: _intake_draft(demo_db) is None, "the draft thrown away")
        await until(pilot, lambda: not isinstance(app.screen, (IntakeScreen, ConfirmModal)),
                    "the board")
