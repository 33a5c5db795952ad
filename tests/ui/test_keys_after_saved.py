"""A key typed once a form has said it saved is for that form: ctrl+o right after "Saved as
version N" prints the plan. Keys typed while the save was running are still dropped (they
were typed ahead, blind). Seen over SSH under load: the notice was on the screen, the save's
hold had not yet ended, and ctrl+o was dropped as "typed while saving"."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

import mrss_tui.app  # noqa: F401 - first: importing a screen module before the app is circular
from tests.ui.helpers import make_app, settle, until
from tests.ui.test_program_intake import program_db


def _notices(app) -> list[str]:
    return [n.message for n in app._notifications]


@pytest.mark.asyncio
async def test_ctrl_o_after_the_saved_notice_prints_while_the_save_still_holds(tmp_path: Path):
    from textual.widgets import TextArea

    from mrss_tui.screens.safety_plan import SafetyPlanScreen
    from mrss_tui.store.db import Store

    db, config = program_db(tmp_path, "oregon-mrss")
    with Store.open(db) as store:
        episode_id = store.scalar("SELECT max(episode_id) FROM safety_plans")
    app = make_app(db, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.push_screen(SafetyPlanScreen(episode_id))
        await settle(pilot)
        app.screen.query(TextArea).first().focus()
        await pilot.press("P", "a", "c", "e", "s")
        gate = app.keys
        ending = asyncio.Event()
        after_hold = gate._after_hold

        async def slow_end(token):  # the save's hold ends late, as on a loaded machine
            await ending.wait()
            await after_hold(token)

        gate._after_hold = slow_end
        await pilot.press("ctrl+s")
        await until(pilot, lambda: any("Saved as version" in m for m in _notices(app)),
                    "the saved notice")
        await pilot.press("ctrl+o")  # the person answers the notice
        gate._after_hold = after_hold
        ending.set()
        await until(pilot, lambda: any("Printable copy written" in m for m in _notices(app)),
                    "the printable copy")
        assert not any("not used" in m for m in _notices(app)), _notices(app)
