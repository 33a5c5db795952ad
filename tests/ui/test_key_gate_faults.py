"""The key gate never leaves keys waiting for good.

Seen in a real terminal under load: F2 and a call typed at once, and the app took nothing more,
ever. The warm-up was importing Textual's TextArea in a thread; the gate, asking whether the
focused field is a TextArea, read the class off the half-imported module, raised, and its next
key was never let through.
"""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
from textual.widgets import Input

import mrss_tui.app  # noqa: F401 - first: importing a screen module before the app is circular
from tests.ui.burst import burst, keys_of
from tests.ui.intake_helpers import make_app, settle

CALL_START = [("key", "f2"), ("type", "5415550123"), ("key", "enter"), ("key", "1"),
              ("type", "Dana Whitlock"), ("key", "enter"), ("type", "grandson")]


def _field(app, name: str) -> str:
    return app.screen.query_one(f"#{name}", Input).value


@pytest.mark.asyncio
async def test_keys_go_on_while_another_thread_imports_text_area(
        demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    half_imported = types.ModuleType("textual.widgets._text_area")  # no TextArea in it yet
    monkeypatch.setitem(sys.modules, "textual.widgets._text_area", half_imported)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, keys_of(CALL_START))
        assert (_field(app, "callback_number"), _field(app, "caller_name"),
                _field(app, "caller_relation")) == ("5415550123", "Dana Whitlock", "grandson")


@pytest.mark.asyncio
async def test_a_fault_in_the_gate_is_reported_and_the_keys_go_on(
        demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mrss_tui.screens.key_gate import KeyGate

    app = make_app(demo_db)
    reported: list[BaseException] = []
    monkeypatch.setattr(app, "report_unexpected", reported.append)
    real_is_text = KeyGate.is_text
    faults = iter([RuntimeError("once")])

    def is_text_failing_once(gate, event, bindings=None):
        if bindings is not None:  # as the gate passes waiting keys on (_next)
            fault = next(faults, None)
            if fault is not None:
                raise fault
        return real_is_text(gate, event, bindings)

    monkeypatch.setattr(KeyGate, "is_text", is_text_failing_once)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, keys_of(CALL_START))
        assert [str(e) for e in reported] == ["once"]
        assert (_field(app, "callback_number"), _field(app, "caller_name"),
                _field(app, "caller_relation")) == ("5415550123", "Dana Whitlock", "grandson")
