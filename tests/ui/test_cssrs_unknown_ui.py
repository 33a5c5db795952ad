"""A parent who cannot answer the screener (issue 15): "u" answers unknown, the risk reads
"incomplete (at least ...)", a mobile dispatch is still allowed, and the first face-to-face
contact asks for a re-assessment. "u Unknown" on a yes/no field shows as chosen."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Collapsible

import mrss_tui.app  # noqa: F401 - first: importing a screen module before the app is circular
from mrss_tui.screens.episode import EpisodeScreen
from mrss_tui.screens.intake import IntakeScreen
from mrss_tui.store.db import Store
from mrss_tui.widgets.choice import ChoiceField
from tests.ui.burst import burst, keys_of
from tests.ui.helpers import make_app, settle

CALL_WITH_UNKNOWNS = [
    ("key", "f2"), ("type", "5415550123"), ("key", "enter"), ("key", "1"),
    ("type", "Ms Teacher"), ("key", "enter"), ("type", "school"), ("key", "enter"),
    ("type", "Ari Lake"), ("key", "enter"), ("type", "15"), ("key", "enter"),
    ("type", "Burns High School"), ("key", "enter"), ("type", "bur"), ("key", "enter"),
    ("type", "Said they want to die, left class"), ("key", "enter"),
    ("key", "u"), ("key", "enter"), ("key", "n"), ("key", "u"), ("key", "n"),  # weapons unknown
    ("key", "y"), ("key", "u"), ("key", "u"),  # C-SSRS: wish yes, thoughts and behaviour unknown
]


@pytest.mark.asyncio
async def test_unknown_answers_give_an_incomplete_risk_and_a_reassessment(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, keys_of(CALL_WITH_UNKNOWNS))
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        bar = str(screen.query_one("#risk-bar").render())
        assert "incomplete (at least Low)" in bar and "None" not in bar
        weapons = screen.query_one("#weapons", ChoiceField)
        assert weapons.value is None and weapons.answered  # chosen, shown as chosen
        unknown_span = [span for span in weapons.render().spans if "reverse" in str(span.style)]
        assert unknown_span, "u Unknown is not drawn as the chosen option"
        await burst(pilot, keys_of([("key", "enter"), ("key", "m"), ("key", "ctrl+s"),
                                    ("key", "escape")]))  # no page now
    with Store.open(demo_db) as store:
        call = store.calls.get(store.scalar("SELECT max(id) FROM calls"))
        episode_id = store.scalar("SELECT id FROM episodes WHERE call_id = ?", (call.id,))
    assert call.triage.value == "mobile_dispatch" and call.risk_level.value == "low"
    assert call.cssrs.unknown == ("q2", "q6")

    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.push_screen(EpisodeScreen(episode_id))
        await settle(pilot)
        assert app.screen.detail.reassess_screener
        await burst(pilot, ["c"])
        section = app.screen.query_one("#c-cssrs", Collapsible)
        assert not section.collapsed and "asked" in section.title
