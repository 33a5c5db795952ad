"""F2 shows a blank intake form built in idle time (screens/intake_spare.py): the call begins
when F2 is pressed, a burst typed after F2 lands in it exactly, each form takes one call only
(the next call starts blank on a new spare), a resumed draft shows on it, and a spare still
being built is not used. The app runs with its warm-up, as the real app does."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Input

from mrss_tui.app import MrssApp
from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.screens import intake_spare
from mrss_tui.screens.board import BoardScreen
from mrss_tui.screens.intake import TEXT_FIELDS, IntakeScreen
from mrss_tui.screens.intake_dialogs import ResumeDraftModal
from mrss_tui.store.db import Store
from mrss_tui.workflow.context import open_session
from tests.conftest import T0
from tests.ui.burst import burst, keys_of
from tests.ui.helpers import settle, until
from tests.ui.intake_helpers import HIGH_RISK_CALL, RECORD_AND_PAGE


def warming_app(db: Path) -> tuple[MrssApp, FrozenClock]:
    clock = FrozenClock(T0)
    session = open_session(db, build_config({}), "coord", clock)
    return MrssApp(session, poll_seconds=0, warm_screens=True), clock


async def spare_built(pilot) -> IntakeScreen:
    app = pilot.app
    await until(pilot, lambda: intake_spare.spare_ready(app) and not any(
        w.group in ("warm-up", intake_spare.BUILD_GROUP) for w in app.workers),
        "a spare intake form built")
    return intake_spare._spares[app]


def _blank(screen: IntakeScreen) -> bool:
    return all(screen.query_one(f"#{name}", Input).value == ""
               for name in TEXT_FIELDS if screen.query(f"#{name}"))


@pytest.mark.asyncio
async def test_f2_begins_the_call_on_the_spare_and_the_burst_lands_in_it(demo_db: Path) -> None:
    app, clock = warming_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        spare = await spare_built(pilot)
        assert spare not in app.screen_stack and not spare.received_at  # no call yet
        clock.advance(timedelta(minutes=7))  # the response clock starts at F2, not at the build
        opened_at = app.session.now()
        await burst(pilot, keys_of([("key", "f2"), *HIGH_RISK_CALL, *RECORD_AND_PAGE]))
        assert isinstance(app.screen, BoardScreen)
    with Store.open(demo_db) as store:
        call = store.calls.get(store.scalar("SELECT max(id) FROM calls"))
    assert call.received_at == opened_at
    assert (call.callback_number, call.caller_name, call.situation, call.hazards) == (
        "+15415550123", "Pat Rivers", "Barricaded in room with a knife", "dog")
    assert call.weapons is True and call.triage.value == "mobile_dispatch"


@pytest.mark.asyncio
async def test_each_form_takes_one_call_the_next_starts_blank_on_a_new_spare(
        demo_db: Path) -> None:
    app, _clock = warming_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        first = await spare_built(pilot)
        await burst(pilot, ["f2"])
        assert app.screen is first
        await burst(pilot, keys_of(HIGH_RISK_CALL[:4]))  # callback number, line, caller
        assert first.query_one("#caller_name", Input).value == "Pat Rivers"
        with pytest.raises(RuntimeError):
            first.begin_call()  # never a second call on one form
        await burst(pilot, keys_of([*HIGH_RISK_CALL[4:], *RECORD_AND_PAGE]))
        assert isinstance(app.screen, BoardScreen) and not first.is_attached  # thrown away
        second = await spare_built(pilot)
        assert second is not first
        await burst(pilot, ["f2"])
        assert app.screen is second and _blank(second)
        assert second.draft_id and second.draft_id != first.draft_id
        assert app.focused is second.query_one("#callback_number", Input)


@pytest.mark.asyncio
async def test_a_resumed_draft_shows_on_the_spare(demo_db: Path) -> None:
    app, _clock = warming_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        first = await spare_built(pilot)
        await burst(pilot, ["f2", *"5415550199", "enter", "1", *"Dana Whitlock"])
        draft_id = first.draft_id
        await burst(pilot, ["escape"])  # to the board: the call stays a draft
        assert isinstance(app.screen, BoardScreen)
        second = await spare_built(pilot)
        await burst(pilot, ["f2"])
        assert isinstance(app.screen, ResumeDraftModal)
        await burst(pilot, ["enter"])  # resume
        assert app.screen is second
        assert second.query_one("#callback_number", Input).value == "5415550199"
        assert second.query_one("#caller_name", Input).value == "Dana Whitlock"
        assert second.draft_id == draft_id
        await burst(pilot, ["escape"])
        third = await spare_built(pilot)
        await burst(pilot, ["f2"])
        await burst(pilot, ["n"])  # a new call instead: blank
        assert app.screen is third and _blank(third) and third.draft_id != draft_id


@pytest.mark.asyncio
async def test_a_spare_still_being_built_is_not_used(demo_db: Path) -> None:
    app, _clock = warming_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        spare = await spare_built(pilot)
        intake_spare._ready[spare] = False  # as if F2 came mid-build
        await burst(pilot, ["f2", *"5415550123", "enter", "1", *"Pat"])
        screen = app.screen
        assert isinstance(screen, IntakeScreen) and screen is not spare
        assert screen.query_one("#caller_name", Input).value == "Pat"
        assert _blank(spare) and not spare.received_at
        await settle(pilot)


@pytest.mark.asyncio
async def test_after_a_lock_the_typed_call_stays_and_the_spare_holds_nothing(
        demo_db: Path) -> None:
    from mrss_tui.workflow.unlock import set_my_unlock_secret
    from tests.ui.test_idle_lock import PIN, lock_now, unlock_with

    app, clock = warming_app(demo_db)
    set_my_unlock_secret(app.session, PIN, PIN)
    async with app.run_test(size=(80, 24)) as pilot:
        first = await spare_built(pilot)
        await burst(pilot, ["f2", *"5415550199", "enter", "1", *"Dana Whitlock"])
        await lock_now(app, clock, pilot)  # the draft is saved, everything hidden
        await unlock_with(pilot, PIN)
        assert app.screen is first
        assert first.query_one("#caller_name", Input).value == "Dana Whitlock"
        await burst(pilot, ["escape"])
        second = await spare_built(pilot)
        assert _blank(second) and not second.received_at
        await lock_now(app, clock, pilot)
        await unlock_with(pilot, PIN)
        assert isinstance(app.screen, BoardScreen) and _blank(second)
        await burst(pilot, ["f2"])
        assert isinstance(app.screen, ResumeDraftModal)  # the draft is asked about, not shown
        assert _blank(second)
