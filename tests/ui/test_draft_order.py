"""Draft saves land in the order their contents were taken (screens/draft_order.py): a timer's
save, taken before the last keys and run late in a worker thread, never puts older text back
over the save a dropped link or the idle lock made on the UI thread (seen in CI: "mothe" where
"mother" had been saved)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import Input

import mrss_tui.app  # noqa: F401 - first: importing a screen module before the app is circular
from mrss_tui.screens.draft_order import DraftOrder
from mrss_tui.store.db import Store
from tests.ui.intake_helpers import make_app, settle
from tests.ui.slow_loads import until


def test_a_save_taken_earlier_is_skipped_once_a_later_one_is_written() -> None:
    order, written = DraftOrder(), []
    early, late = order.take(), order.take()
    assert order.write(late, lambda: written.append("late") or "saved") == "saved"
    assert order.write(early, lambda: written.append("early")) is None
    assert written == ["late"]
    order.write(order.take(), lambda: written.append("next"))
    assert written == ["late", "next"]


def _app_with_late_timer_saves(db: Path):
    """An app whose intake timer saves wait in their worker thread until ``go_on`` is set."""
    app = make_app(db)
    app._intake_draft_checked = True
    go_on, waiting = threading.Event(), threading.Event()
    run_db = app.run_db

    def timer_saves_run_late(node, work, then=None, **options):
        if options.get("group") == "intake-draft":
            def late(session, save=work):
                waiting.set()
                go_on.wait(10)  # the worker thread runs late: after what the UI thread did
                return save(session)
            work = late
        return run_db(node, work, then, **options)

    app.run_db = timer_saves_run_late
    return app, go_on, waiting


async def _timer_save_waiting(pilot, waiting: threading.Event, relation: str):
    """F2, the relation typed, and the timer's save of it taken and waiting in its worker."""
    from mrss_tui.screens.intake import IntakeScreen

    app = pilot.app
    await settle(pilot)
    await pilot.press("f2")
    await until(pilot, lambda: isinstance(app.screen, IntakeScreen), "the intake form")
    screen = app.screen
    screen.query_one("#caller_relation", Input).value = relation
    await pilot.pause()
    screen._save_draft_if_changed()  # the timer's save, in a worker
    await until(pilot, waiting.is_set, "the timer's save waiting in its worker")
    return screen


async def _workers_done(pilot) -> None:
    app = pilot.app
    await until(pilot, lambda: all(w.is_finished for w in list(app.workers._workers)),
                "the workers done")
    await settle(pilot)


@pytest.mark.asyncio
async def test_the_timers_late_save_does_not_undo_the_hang_ups(demo_db: Path) -> None:
    app, go_on, waiting = _app_with_late_timer_saves(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _timer_save_waiting(pilot, waiting, "mothe")
        screen.query_one("#caller_relation", Input).value = "mother"  # the last key
        await pilot.pause()
        screen.save_draft()  # the link drops: saved now, on the UI thread
        go_on.set()
        await _workers_done(pilot)
    with Store.open(demo_db) as store:
        assert store.drafts.get("coord", "intake").payload["caller_relation"] == "mother"


@pytest.mark.asyncio
async def test_the_timers_late_save_does_not_bring_back_a_discarded_call(demo_db: Path) -> None:
    from mrss_tui.screens.intake import IntakeScreen

    app, go_on, waiting = _app_with_late_timer_saves(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await _timer_save_waiting(pilot, waiting, "mother")
        await pilot.press("ctrl+d", "d")  # throw the call away
        await until(pilot, lambda: not isinstance(app.screen, IntakeScreen), "back on the board")
        go_on.set()
        await _workers_done(pilot)
    with Store.open(demo_db) as store:
        assert store.drafts.get("coord", "intake") is None
