"""Finding an episode fast (issue 15): by person name, phone, episode or call number, from the
Episodes list and the command palette; field staff find only their own team's episodes."""

from __future__ import annotations

from pathlib import Path

import pytest

import mrss_tui.app  # noqa: F401 - first: importing a screen module before the app is circular
from mrss_tui.screens.episode import EpisodeScreen
from mrss_tui.screens.episodes import EpisodesScreen
from mrss_tui.store.db import Store
from mrss_tui.workflow.episode_search import search_episodes
from tests.ui.burst import burst
from tests.ui.helpers import make_app, settle

STABILIZING = 144  # seed-7 demo: team aelm + dlark


def _person_of(db: Path, episode_id: int):
    with Store.open(db) as store:
        episode = store.episodes.get(episode_id)
        person = store.persons.get(episode.person_id)
        call = store.calls.get(episode.call_id)
    return person, call


@pytest.mark.asyncio
async def test_slash_finds_by_name_and_enter_opens(demo_db: Path) -> None:
    person, _call = _person_of(demo_db, STABILIZING)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await burst(pilot, ["e", "slash", *person.name.split()[0][:4], "enter"])
        screen = app.screen
        assert isinstance(screen, EpisodesScreen) and screen.searching
        assert STABILIZING in [row.id for row in screen.rows]
        screen.query_one("#episodes-table").move_cursor(
            row=[row.id for row in screen.rows].index(STABILIZING))
        await burst(pilot, ["enter"])
        assert isinstance(app.screen, EpisodeScreen) and app.screen.episode_id == STABILIZING
        await burst(pilot, ["escape", "escape"])  # back from the episode, out of the search
        assert isinstance(app.screen, EpisodesScreen) and not app.screen.searching


@pytest.mark.asyncio
async def test_the_palette_opens_the_search(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_find_episode()
        await settle(pilot)
        assert isinstance(app.screen, EpisodesScreen)
        assert app.focused is app.screen.query_one("#episodes-search")
        commands = [c.title for c in app.get_system_commands(app.screen)]
        assert "Find an episode" in commands


def test_numbers_phones_and_access(demo_db: Path) -> None:
    from mrss_tui.clock import FrozenClock
    from mrss_tui.config import build_config
    from mrss_tui.workflow.context import open_session
    from tests.conftest import T0

    person, call = _person_of(demo_db, STABILIZING)
    coord = open_session(demo_db, build_config({}), "coord", FrozenClock(T0))
    assert [h.row.id for h in search_episodes(coord, "E00144")] == [STABILIZING]
    assert [h.row.id for h in search_episodes(coord, "e144")] == [STABILIZING]
    assert [h.row.id for h in search_episodes(coord, call.ref)] == [STABILIZING]
    if call.callback_number:
        assert STABILIZING in [h.row.id for h in search_episodes(coord, call.callback_number)]
    on_team = open_session(demo_db, build_config({}), "aelm", FrozenClock(T0))
    other = open_session(demo_db, build_config({}), "cfern", FrozenClock(T0))
    assert [h.row.id for h in search_episodes(on_team, "E144")] == [STABILIZING]
    assert search_episodes(other, "E144") == []
    assert all(h.row.id != STABILIZING for h in search_episodes(other, person.name))
    searches = coord.store.scalar("SELECT count(*) FROM audit WHERE action = 'episode.search'")
    assert searches >= 5  # every search is recorded
