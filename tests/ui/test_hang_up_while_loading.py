"""The link drops while F2's look-up of an unfinished call is still running (a loaded machine)
and the whole call waits in the key gate: the keys still reach a draft (issue 19). The look-up
is stalled on purpose (tests/ui/slow_loads.py) until the session has ended."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

import mrss_tui.app  # noqa: F401 - first: importing a screen module before the app is circular
from mrss_tui.screens import hang_up
from mrss_tui.store.db import Store
from tests.ui.burst import burst, keys_of
from tests.ui.intake_helpers import make_app, settle
from tests.ui.slow_loads import SlowLoads, until

TYPED = keys_of([("key", "f2"), ("type", "5415550123"), ("key", "enter"), ("key", "1"),
                 ("type", "Dana Whitlock"), ("key", "enter"), ("type", "mother"),
                 ("key", "ctrl+s"), ("type", "zz")])


async def _hang_up_while_looking_up(pilot) -> SlowLoads:
    app = pilot.app
    slow = SlowLoads(app, "intake-load")  # the look-up never ends before the session does
    await burst(pilot, TYPED, then_settle=False)
    await until(pilot, lambda: "intake-load" in slow.started, "the intake opening")
    await until(pilot, lambda: len(app.keys._waiting) > 20, "the keys waiting")
    os.kill(os.getpid(), signal.SIGHUP)  # what sshd sends when the link drops
    await until(pilot, lambda: app._exit_renderables or not app.is_running, "the app ending")
    return slow


@pytest.mark.asyncio
async def test_keys_waiting_for_a_look_up_that_never_ends_reach_a_new_calls_draft(
        demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hang_up, "LOAD_SECONDS", 0.2)  # not the real wait: nothing else differs
    with Store.open(demo_db) as store:
        calls = store.calls.count()
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        slow = await _hang_up_while_looking_up(pilot)
    slow.release()
    with Store.open(demo_db) as store:
        draft = store.drafts.get("coord", "intake").payload
        assert store.calls.count() == calls  # ctrl+s was not obeyed with nobody there
    assert (draft["callback_number"], draft["line"]) == ("5415550123", "988")
    assert (draft["caller_name"], draft["caller_relation"]) == ("Dana Whitlock", "mother")


@pytest.mark.asyncio
async def test_an_unfinished_call_is_not_overwritten_by_keys_meant_for_its_question(
        demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With an unfinished call, F2 asks first; the keys typed before the question never
    answer it, and at a hang-up they do not replace that call's draft either."""
    from tests.ui.test_resume_question import _leave_an_unfinished_call

    monkeypatch.setattr(hang_up, "LOAD_SECONDS", 0.2)
    _leave_an_unfinished_call(demo_db)
    app = make_app(demo_db)
    app._intake_draft_checked = True  # F2 asks, not the start
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        slow = await _hang_up_while_looking_up(pilot)
    slow.release()
    with Store.open(demo_db) as store:
        draft = store.drafts.get("coord", "intake").payload
    assert (draft["callback_number"], draft["caller_name"]) == ("5415550199", "Pat Rivers")
