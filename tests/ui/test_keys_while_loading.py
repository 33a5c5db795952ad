"""Keys typed while a screen is not ready wait for it (issue 19).

Each test slows the loader of the screen the keys are for (tests/ui/slow_loads.py), hands the
app a whole burst while it loads, then lets the load finish: the keys must act on the loaded
screen, in order, never as commands on a half-loaded one.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input

import mrss_tui.app  # noqa: F401 - first: importing a screen module before the app is circular
from mrss_tui.store.db import Store
from tests.ui.burst import burst, keys_of, until_keys_handled
from tests.ui.intake_helpers import make_app, settle
from tests.ui.slow_loads import SlowLoads, until


def _staff_states(db: Path) -> dict[str, bool]:
    with Store.open(db) as store:
        return {row["login"]: row["active"] for row in store.all("SELECT login, active FROM staff")}


@pytest.mark.asyncio
async def test_roster_keys_typed_while_the_staff_list_loads_edit_the_first_row(
        demo_db: Path) -> None:
    """o Enter C-u Dixon: Enter was lost on the empty list and the x of Dixon made the on-call
    primary inactive."""
    from mrss_tui.screens.roster import FormModal

    before = _staff_states(demo_db)
    app = make_app(demo_db, login="super")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        slow = SlowLoads(app, "roster")
        await burst(pilot, keys_of([("key", "o"), ("key", "enter"), ("key", "ctrl+u"),
                                    ("type", "Dixon")]), then_settle=False)
        await until(pilot, lambda: "roster" in slow.started, "the roster started loading")
        slow.release()
        await until_keys_handled(pilot)
        form = app.screen
        assert isinstance(form, FormModal), form
        assert form.title_text.startswith("Edit ")
        assert form.query_one("#form-name", Input).value == "Dixon"
    assert _staff_states(demo_db) == before  # nobody switched to inactive


@pytest.mark.asyncio
async def test_directory_second_visit_types_into_the_search_box(demo_db: Path) -> None:
    """d crisis after an earlier visit left the focus on the results: s opened New staff."""
    from mrss_tui.screens.directory import DirectoryScreen

    app = make_app(demo_db, login="super")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, ["d", "escape", "b"])  # leave the results focused, then the board
        slow = SlowLoads(app, "dir-search")
        await burst(pilot, keys_of([("key", "d"), ("type", "crisis")]), then_settle=False)
        await until(pilot, lambda: "dir-search" in slow.started, "the directory reloading")
        slow.release()
        await until_keys_handled(pilot)
        screen = app.screen
        assert isinstance(screen, DirectoryScreen), screen
        assert screen.query_one("#dir-search", Input).value == "crisis"
        assert screen.focused is screen.query_one("#dir-search", Input)
    with Store.open(demo_db) as store:
        assert store.drafts.get("super", "staff") is None


def _closing_episode_144(app) -> None:
    from mrss_tui.domain.enums import Phase
    from mrss_tui.screens.phase_form import PhaseFormScreen

    form = app.screen
    assert isinstance(form, PhaseFormScreen), form
    assert (form.episode.id, form.to) == (144, Phase.CLOSED)


@pytest.mark.asyncio
async def test_episode_found_by_number_from_the_palette_opens_that_episode(
        demo_db: Path) -> None:
    """Find an episode, then E144 Enter Enter x at once: digits never reach the list as phase
    keys, Enter opens the episode found (not the one under the list's cursor), x closes it."""
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        slow = SlowLoads(app, "episodes")
        app.action_find_episode()
        await burst(pilot, keys_of([("type", "E144"), ("key", "enter"), ("key", "enter"),
                                    ("key", "x")]), then_settle=False)
        await until(pilot, lambda: "episodes" in slow.started, "the episodes loading")
        slow.release()
        await until_keys_handled(pilot)
        _closing_episode_144(app)


@pytest.mark.asyncio
async def test_episode_searched_from_the_board_opens_that_episode(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        slow = SlowLoads(app, "episodes")
        await burst(pilot, keys_of([("key", "e"), ("key", "slash"), ("type", "E144"),
                                    ("key", "enter"), ("key", "enter"), ("key", "x")]),
                    then_settle=False)
        await until(pilot, lambda: "episodes" in slow.started, "the episodes loading")
        slow.release()
        await until_keys_handled(pilot)
        _closing_episode_144(app)


@pytest.mark.asyncio
async def test_escape_then_a_letter_sent_as_alt_letter_is_both_keys(demo_db: Path) -> None:
    """d Escape e over SSH arrives as d, Alt+e: it typed 'e' into the search box."""
    from mrss_tui.screens.episodes import EpisodesScreen

    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for event in [events.Key("d", "d"), events.Key("alt+e", "e")]:  # as the parser makes
            event.set_sender(app)
            app.post_message(event)
        await until_keys_handled(pilot)
        assert isinstance(app.screen, EpisodesScreen), app.screen
        directory = app.get_screen("nav.directory")
        assert directory.query_one("#dir-search", Input).value == ""
