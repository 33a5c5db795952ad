"""The directory screen and the Refer modal at 80x24, driven by keys."""

from __future__ import annotations

from pathlib import Path

import pytest

from mrss_tui.app import MrssApp
from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.screens.directory import DirectoryScreen, ServiceDetailScreen, ServiceEditScreen
from mrss_tui.screens.refer import EpisodeReferralsScreen, ReferScreen
from mrss_tui.widgets.directory import ServiceTable
from mrss_tui.workflow.context import open_session
from tests.conftest import T0


def make_app(db: Path, login: str = "coord") -> MrssApp:
    return MrssApp(open_session(db, build_config({}), login, FrozenClock(T0)), poll_seconds=0)


async def settle(app: MrssApp, pilot) -> None:
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.asyncio
async def test_search_as_you_type_and_filters(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DirectoryScreen)
        everything = screen.page.total
        assert everything == 60
        await pilot.press(*"respite")
        await settle(app, pilot)
        assert 0 < screen.page.total < everything
        assert all("respite" in s.name.lower() or "Crisis respite" in s.category_names
                   for s in screen.page.services)
        await pilot.press("ctrl+o")  # open now
        await settle(app, pilot)
        assert screen.page.total <= len([s for s in screen.page.services])
        await pilot.press("ctrl+l")
        await settle(app, pilot)
        assert screen.page.total == everything
        await pilot.press("enter", "enter")  # to the list, then the first service's detail
        await settle(app, pilot)
        assert isinstance(app.screen, ServiceDetailScreen)
        await pilot.press("e")  # a coordinator may not edit
        await settle(app, pilot)
        assert isinstance(app.screen, ServiceDetailScreen)
        await pilot.press("escape")
        await pilot.press("n")
        await settle(app, pilot)
        assert isinstance(app.screen, DirectoryScreen)


@pytest.mark.asyncio
async def test_supervisor_adds_a_service_from_the_keyboard(demo_db: Path) -> None:
    app = make_app(demo_db, "super")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        await settle(app, pilot)
        await pilot.press("enter", "n")
        await settle(app, pilot)
        assert isinstance(app.screen, ServiceEditScreen)
        await pilot.press(*"Zephyr youth line", "tab", *"Zephyr Org", "tab", "tab",  # status: active
                          *"(541) 555-0177", "ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, DirectoryScreen)
        await pilot.press("slash", *"zeph")
        await settle(app, pilot)
        assert [s.name for s in app.screen.page.services] == ["Zephyr youth line"]
        assert app.screen.page.services[0].phone == "(541) 555-0177"


@pytest.mark.asyncio
async def test_refer_screen_returns_the_referral(demo_db: Path) -> None:
    app = make_app(demo_db)
    results = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        episode = int(app.session.store.scalar(
            "SELECT id FROM episodes WHERE phase = 'crisis' ORDER BY id LIMIT 1"))
        app.push_screen(ReferScreen(episode), results.append)
        await settle(app, pilot)
        await pilot.press("enter", "down", "enter")  # open the need list, pick the first need
        await settle(app, pilot)
        table = app.screen.query_one(ServiceTable)
        chosen = table.selected_id
        assert chosen is not None
        await pilot.press("enter")
        await settle(app, pilot)
        assert len(results) == 1 and results[0].referral.service_id == chosen
        assert results[0].followup_due_at is not None
        app.push_screen(EpisodeReferralsScreen(episode))
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
    assert app.session.store.referrals.get(results[0].referral.id).status.value == "connected"


def test_directory_screen_snapshot(snap_compare, demo_db: Path) -> None:
    app = make_app(demo_db)

    async def search(pilot) -> None:
        await pilot.press("d")
        await settle(app, pilot)
        await pilot.press(*"family", "enter")  # enter: to the list (no blinking text cursor)
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=search)


def test_detail_text_marks_stale_and_says_when_open() -> None:
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from mrss_tui.domain.directory import Hours, Phone, ServiceDetail, ServiceSummary
    from mrss_tui.widgets.directory import detail_text

    summary = ServiceSummary(id="s1", name="Teen line", organization="Org", status="active",
                             last_verified_at=T0 - timedelta(days=400),
                             hours=(Hours(byday=("FR",), opens_at="13:00", closes_at="14:00"),))
    detail = ServiceDetail(summary=summary, organization_id="o1", verified_by="super",
                           phones=(Phone(number="(541) 555-0100", extension="12"),))
    text = detail_text(detail, T0, ZoneInfo("America/Los_Angeles")).plain  # Friday 13:30 there
    assert "(STALE) by super - check before referring" in text
    assert "(541) 555-0100 ext. 12" in text
    assert "Fr 13:00-14:00  [open now]" in text
    fresh = detail.model_copy(update={"summary": summary.model_copy(update={"last_verified_at": T0})})
    assert "STALE" not in detail_text(fresh, T0, ZoneInfo("America/Los_Angeles")).plain


def test_refer_screen_snapshot(snap_compare, demo_db: Path) -> None:
    app = make_app(demo_db)

    async def choose_need(pilot) -> None:
        await settle(app, pilot)
        episode = int(app.session.store.scalar(
            "SELECT id FROM episodes WHERE phase = 'crisis' ORDER BY id LIMIT 1"))
        app.push_screen(ReferScreen(episode))
        await settle(app, pilot)
        await pilot.press("enter", "down", "enter")
        await settle(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=choose_need)


@pytest.mark.asyncio
async def test_escape_leaves_the_search_box_so_letters_are_keys_again(demo_db: Path) -> None:
    """Issue 15: Escape in the search box used to do nothing; letters kept typing into it."""
    app = make_app(demo_db, "super")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        await settle(app, pilot)
        await pilot.press(*"family", "escape")
        await settle(app, pilot)
        assert app.focused is app.screen.query_one(ServiceTable)
        await pilot.press("n")  # a key again: the new-service form, not an "n" in the box
        await settle(app, pilot)
        assert isinstance(app.screen, ServiceEditScreen)


@pytest.mark.asyncio
async def test_enter_in_refers_search_box_says_what_the_next_enter_does(demo_db: Path) -> None:
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        episode = int(app.session.store.scalar(
            "SELECT id FROM episodes WHERE phase = 'crisis' ORDER BY id LIMIT 1"))
        app.push_screen(ReferScreen(episode))
        await settle(app, pilot)
        app.screen.query_one("#refer-search").focus()
        await pilot.press(*"respite", "enter")
        await settle(app, pilot)
        table = app.screen.query_one(ServiceTable)
        assert app.focused is table
        hint = str(app.screen.query_one("#refer-hint").render())
        assert hint.startswith("In the results: enter refers ") and "ctrl+s suggest only" in hint
        app.screen.query_one("#refer-search").value = ""
        app.screen.query_one("#refer-search").focus()
        await pilot.press(*"zzzqqq", "enter")
        await settle(app, pilot)
        assert "Nothing matches 'zzzqqq'" in str(app.screen.query_one("#refer-hint").render())
        assert app.focused is app.screen.query_one("#refer-search")
