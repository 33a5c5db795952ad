"""F2 with an unfinished call: the resume question comes at once (issue 19: about 3 s later).

It is asked over the screen already on show, before the intake form is built: the look-up is a
millisecond, the first build and drawing of the form hundreds. Keys typed meanwhile are kept in
order: into the new call ("n"), or counted as not used when the call is resumed. The look-up is
slowed on purpose (tests/ui/slow_loads.py) so the keys surely arrive while it runs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

import mrss_tui.app  # noqa: F401 - first: importing a screen module before the app is circular
from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.store.db import Store
from mrss_tui.workflow.context import open_session
from mrss_tui.workflow.intake import IntakeForm, new_form, save_draft
from tests.conftest import T0
from tests.ui.burst import burst, keys_of, until_keys_handled
from tests.ui.intake_helpers import make_app, settle
from tests.ui.slow_loads import SlowLoads, until


def _leave_an_unfinished_call(db: Path) -> None:
    session = open_session(db, build_config({}), "coord", FrozenClock(T0))
    try:
        blank = new_form(session)
        save_draft(session, IntakeForm.model_validate(
            {**blank.model_dump(), "callback_number": "5415550199", "caller_name": "Pat Rivers"}))
    finally:
        session.store.close()


def _intake_built(app) -> bool:
    from mrss_tui.screens.intake import IntakeScreen

    return any(isinstance(s, IntakeScreen) for s in app.screen_stack)


async def _ask(pilot, typed: str) -> None:
    """F2 and ``typed`` in one burst while the look-up is slowed; the question then comes
    without the intake form having been built."""
    from mrss_tui.screens.intake_dialogs import ResumeDraftModal

    app = pilot.app
    slow = SlowLoads(app, "intake-load")
    await burst(pilot, keys_of([("key", "f2"), ("type", typed)]), then_settle=False)
    await until(pilot, lambda: "intake-load" in slow.started, "the look-up running")
    await until(pilot, lambda: len(app.keys._waiting) == len(typed), "the keys waiting")
    assert not _intake_built(app)
    slow.release()
    await until_keys_handled(pilot)
    assert isinstance(app.screen, ResumeDraftModal), app.screen
    assert not _intake_built(app)  # asked over the board: nothing to build or draw first


@pytest.mark.asyncio
async def test_a_new_call_gets_the_keys_typed_before_the_question(demo_db: Path) -> None:
    from mrss_tui.screens.intake import IntakeScreen

    _leave_an_unfinished_call(demo_db)
    app = make_app(demo_db)
    app._intake_draft_checked = True  # F2 asks, not the start
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _ask(pilot, "541777")
        await burst(pilot, ["n", "0", "1"])  # the answer, then more of the number
        screen = app.screen
        assert isinstance(screen, IntakeScreen), screen
        assert screen.query_one("#callback_number", Input).value == "54177701"
        assert app.keys.dropped == 0
    with Store.open(demo_db) as store:
        draft = store.drafts.get("coord", "intake")  # the new call's, or none yet
        assert draft is None or draft.payload["callback_number"] != "5415550199"


@pytest.mark.asyncio
async def test_resuming_restores_the_call_and_says_the_keys_were_not_used(demo_db: Path) -> None:
    from mrss_tui.screens.intake import IntakeScreen

    _leave_an_unfinished_call(demo_db)
    app = make_app(demo_db)
    app._intake_draft_checked = True
    said: list[str] = []  # notices expire: a busy machine may be slower than their timeout
    shown = app.notify
    app.notify = lambda message, **kw: (said.append(message), shown(message, **kw))[1]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _ask(pilot, "12")
        await burst(pilot, ["enter"])
        screen = app.screen
        assert isinstance(screen, IntakeScreen), screen
        assert screen.query_one("#callback_number", Input).value == "5415550199"
        assert screen.query_one("#caller_name", Input).value == "Pat Rivers"
        assert screen.focused is screen.query_one("#callback_number", Input)
        assert any("2 keys typed before the question were not used" in m for m in said), said


@pytest.mark.asyncio
async def test_ctrl_q_leaves_from_the_question_and_keeps_the_call(demo_db: Path) -> None:
    from mrss_tui.screens.intake_dialogs import ResumeDraftModal

    _leave_an_unfinished_call(demo_db)
    app = make_app(demo_db)
    app._intake_draft_checked = True
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _ask(pilot, "")
        assert isinstance(app.screen, ResumeDraftModal)
        await pilot.press("ctrl+q")
        await until(pilot, lambda: not app.is_running, "the app ending")
    with Store.open(demo_db) as store:
        assert store.drafts.get("coord", "intake").payload["callback_number"] == "5415550199"
