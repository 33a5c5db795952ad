"""A run of characters for one field goes in as one insertion (screens/key_gate.py), and that
never loses a key, reorders keys or puts one in the wrong field (issue 19, fast).

The keys of a burst are handed over at once (tests/ui/burst.py); each test checks where every
key went, and for the runs that the field changed once per run, not once per character.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

import mrss_tui.app  # noqa: F401 - first: importing a screen module before the app is circular
from mrss_tui.widgets.choice import ChoiceField, CssrsField
from tests.ui.burst import burst, contact_form_over, key_event, until_keys_handled
from tests.ui.intake_helpers import make_app, settle


async def _hand_over(pilot, keys: list[str | events.Event]) -> None:
    """Key names become key events as the terminal makes them; events go as they are."""
    app = pilot.app
    for key in keys:
        event = key_event(key) if isinstance(key, str) else key
        event.set_sender(app)
        app.post_message(event)
    await until_keys_handled(pilot)


def _noting(seen: list[str]):
    def note(value: str) -> None:
        seen.append(value)
    return note


@pytest.mark.asyncio
async def test_runs_tabs_pastes_and_choice_letters_land_where_they_were_typed(
        demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, ["f2"])
        screen = app.screen
        changes: dict[str, list[str]] = {"callback_number": [], "caller_name": []}
        for name, seen in changes.items():
            screen.watch(screen.query_one(f"#{name}", Input), "value", _noting(seen), init=False)
        # y, n and u are answers on a choice field and letters in a text field
        await _hand_over(pilot, [
            *"541", events.Paste("555"), *"0123", "tab",
            "1",  # line 988, then on to the caller
            *"Yvonne Nye", "tab", *"aunt", "enter", *"Sam Nye", "enter", *"14", "enter",
            *"1 Yew Ln", "enter", *"Burns", "enter", *"Angry, yelling; not hurt", "enter",
            "y",  # weapons
            *"dog", "enter",
            "n", "u", "y",  # violence, substances (unknown), police needed
            "y", "n",  # C-SSRS 1 and 2
        ])
        values = {name: screen.query_one(f"#{name}", Input).value for name in (
            "callback_number", "caller_name", "caller_relation", "person_name", "born_or_age",
            "address", "town", "situation", "hazards")}
        assert values == {
            "callback_number": "5415550123", "caller_name": "Yvonne Nye",
            "caller_relation": "aunt", "person_name": "Sam Nye", "born_or_age": "14",
            "address": "1 Yew Ln", "town": "Burns", "situation": "Angry, yelling; not hurt",
            "hazards": "dog"}
        choices = {name: screen.query_one(f"#{name}", ChoiceField) for name in (
            "weapons", "violence_history", "substance_use", "police_needed")}
        assert {name: (field.value, field.answered) for name, field in choices.items()} == {
            "weapons": (True, True), "violence_history": (False, True),
            "substance_use": (None, True), "police_needed": (True, True)}
        cssrs = screen.query_one(CssrsField)
        assert (cssrs.answers.q1, cssrs.answers.q2) == (True, False)
        assert app.focused is cssrs  # the next question is asked; nothing went further
        # one insertion per run: the paste between two runs keeps its place
        assert changes == {"callback_number": ["541", "541555", "5415550123"],
                           "caller_name": ["Yvonne Nye"]}


@pytest.mark.asyncio
async def test_a_field_with_a_limit_takes_a_run_key_by_key_as_typed(demo_db: Path) -> None:
    """Minutes (digits, at most 4): typed one by one, the x and the fifth digit are turned
    away and the rest kept; the run as one insertion would have been turned away whole."""
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await contact_form_over(pilot, 144)
        minutes = form.query_one("#c-minutes", Input)
        minutes.focus()
        await settle(pilot)
        await _hand_over(pilot, [*"12x345"])
        assert minutes.value == "1234"


@pytest.mark.asyncio
async def test_letters_are_text_in_the_search_box_and_a_command_after_escape(
        demo_db: Path) -> None:
    """d shelter Escape e, the Escape and e arriving as Alt+e (one read over SSH): shelter is
    searched (its e's are text), then e leaves the directory for the episodes."""
    from mrss_tui.screens.episodes import EpisodesScreen

    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _hand_over(pilot, ["d", *"shelter", events.Key("alt+e", "e")])
        assert isinstance(app.screen, EpisodesScreen), app.screen
        directory = app.get_screen("nav.directory")
        assert directory.query_one("#dir-search", Input).value == "shelter"
