"""A real SIGKILL during an intake loses nothing: the next start offers the draft."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import mrss_tui.app  # noqa: F401 - first: importing a screen module before the app is circular
from mrss_tui.screens.intake import IntakeScreen
from mrss_tui.screens.intake_dialogs import ResumeDraftModal
from mrss_tui.store.db import Store
from tests.ui.intake_helpers import make_app, settle

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.asyncio
async def test_sigkill_mid_call_then_resume_with_everything_typed(demo_db: Path) -> None:
    child = subprocess.Popen([sys.executable, "-m", "tests.ui.intake_child", str(demo_db)],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        line = child.stdout.readline()  # blocks until the child has typed and waited 1 s
        assert line.startswith("TYPED"), line
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    with Store.open(demo_db) as store:
        draft = store.drafts.get("coord", "intake")
    assert draft is not None
    assert draft.payload["callback_number"] == "5415550123"
    assert draft.payload["person_name"] == "Jo Rivers"
    assert draft.payload["address"] == "12 Main St"

    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, ResumeDraftModal)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        values = {f: screen.query_one(f"#{f}").value for f in
                  ("callback_number", "caller_name", "caller_relation", "person_name",
                   "born_or_age", "address")}
        assert values == {"callback_number": "5415550123", "caller_name": "Pat Rivers",
                          "caller_relation": "mother", "person_name": "Jo Rivers",
                          "born_or_age": "14", "address": "12 Main St"}
        assert screen.query_one("#line").value.value == "988"
