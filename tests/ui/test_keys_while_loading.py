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


@pytest.mark.asyncio
async def test_coresponse_typed_while_the_dispatch_and_the_form_load(tmp_path: Path) -> None:
    """w Enter Down Enter Tab ... ctrl+s at once: letters went to the dispatch dialog as
    commands and the rest landed shifted in the form ("Input should be a valid boolean")."""
    from mrss_tui.screens.dispatch import DispatchModal
    from tests.ui.test_program_intake import _okc_response_episode, program_db

    db, config = program_db(tmp_path, "okc-crt")
    episode_id, _team = _okc_response_episode(db, config)
    app = make_app(db, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dispatch_id = app.session.store.scalar(
            "SELECT max(id) FROM dispatches WHERE episode_id = ?", (episode_id,))
        with Store.open(db) as store:
            status_before = store.scalar("SELECT status FROM dispatches WHERE id = ?",
                                         (dispatch_id,))
        slow = SlowLoads(app, "dispatch-view", "dispatch-write", "form-draft-load")
        app.push_screen(DispatchModal(dispatch_id))
        pick_first = [("key", "enter"), ("key", "down"), ("key", "enter")]
        await burst(pilot, keys_of([
            ("key", "w"), *pick_first, ("key", "tab"), *pick_first, ("key", "tab"),
            ("type", "City PD"), ("key", "tab"), *pick_first, ("key", "ctrl+s")]),
            then_settle=False)
        await until(pilot, lambda: "dispatch-view" in slow.started, "the dispatch loading")
        slow.release()
        await until_keys_handled(pilot)
        assert isinstance(app.screen, DispatchModal), app.screen
    with Store.open(db) as store:
        row = store.one("SELECT on_scene, cit_trained, agency, requested_by FROM le_coresponse "
                        "WHERE call_id = (SELECT call_id FROM dispatches WHERE id = ?)",
                        (dispatch_id,))
        status_after = store.scalar("SELECT status FROM dispatches WHERE id = ?", (dispatch_id,))
    assert tuple(row) == (1, 1, "City PD", "team")
    assert status_after == status_before  # no letter became a status command


@pytest.mark.asyncio
async def test_a_second_c_while_the_contact_form_opens_is_not_a_time(demo_db: Path) -> None:
    from mrss_tui.screens.contact_form import ContactFormScreen
    from mrss_tui.screens.episode import EpisodeScreen

    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.push_screen(EpisodeScreen(144))
        await settle(pilot)
        slow = SlowLoads(app, "form-draft-load")
        await burst(pilot, ["c", "c"], then_settle=False)
        await until(pilot, lambda: "form-draft-load" in slow.started, "the form opening")
        slow.release()
        await until_keys_handled(pilot)
        form = app.screen
        assert isinstance(form, ContactFormScreen), form
        when = form.query_one("#c-at", Input).value
        assert when == app.session.now().astimezone(app.session.config.zone).strftime(
            "%Y-%m-%d %H:%M")


@pytest.mark.asyncio
async def test_keys_waiting_in_the_gate_reach_the_draft_when_the_link_drops(
        demo_db: Path) -> None:
    """The whole intake had reached the server, but the draft held "Dana WhitlockW5300": the
    keys still in the gate were thrown away at the hang-up."""
    import os
    import signal

    with Store.open(demo_db) as store:
        calls = store.calls.count()
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        slow = SlowLoads(app, "intake-load")  # the draft lookup stalls: keys pile up
        await burst(pilot, keys_of([("key", "f2"), ("type", "5415550123"), ("key", "enter"),
                                    ("key", "1"), ("type", "Dana Whitlock"), ("key", "enter"),
                                    ("type", "mother"), ("key", "ctrl+s"), ("type", "zz")]),
                    then_settle=False)
        await until(pilot, lambda: "intake-load" in slow.started, "the intake opening")
        await until(pilot, lambda: len(app.keys._waiting) > 20, "the keys waiting")
        os.kill(os.getpid(), signal.SIGHUP)  # what sshd sends when the link drops
        await until(pilot, lambda: app.keys._ending, "the hang-up taking the keys")
        slow.release()  # the look-up ends after the link dropped: its form takes the keys
        await until(pilot, lambda: app._exit_renderables or not app.is_running, "the app ending")
    with Store.open(demo_db) as store:
        draft = store.drafts.get("coord", "intake").payload
        assert store.calls.count() == calls  # ctrl+s was not obeyed with nobody there
    assert (draft["callback_number"], draft["line"]) == ("5415550123", "988")
    assert (draft["caller_name"], draft["caller_relation"]) == ("Dana Whitlock", "mother")


def test_escape_then_b_read_in_one_go_is_alt_b_not_a_word_left(demo_db: Path) -> None:
    """Textual read ESC b (Escape then b, arriving together over SSH) as ctrl+left: the
    form stayed open and the cursor jumped a word (seen through the slow link)."""
    from textual._xterm_parser import XTermParser

    make_app(demo_db)  # the app reads Escape-then-letter as typed from its start
    keys = []
    for sequence in ("\x1bb", "\x1bf", "\x1b1"):  # each as one read from the terminal
        parser = XTermParser()
        keys += [e.key for e in [*parser.feed(sequence), *parser.feed("")]
                 if isinstance(e, events.Key)]
    assert keys == ["alt+b", "alt+f", "alt+1"]  # the gate splits each into Escape + key
