"""Pilot tests of intake: a high-risk call paged to the team, problems next to fields, linking
an earlier person, drafts resumed after a restart."""

from __future__ import annotations

from pathlib import Path

import pytest

import mrss_tui.app  # noqa: F401 - first: importing a screen module before the app is circular
from mrss_tui.domain.enums import DispatchStatus, PageStatus, RiskLevel, Triage
from mrss_tui.screens.board import BoardScreen
from mrss_tui.screens.intake import IntakeScreen
from mrss_tui.screens.intake_dialogs import ResumeDraftModal
from mrss_tui.screens.page_team import PageTeamModal
from mrss_tui.store.db import Store
from mrss_tui.widgets.choice import CssrsField
from tests.ui.helpers import until
from tests.ui.intake_helpers import HIGH_RISK_CALL, RECORD_AND_PAGE, make_app, play, settle


def _intake_draft(db: Path) -> dict:
    with Store.open(db) as store:
        draft = store.drafts.get("coord", "intake")
    return {} if draft is None else draft.payload


async def open_intake(pilot) -> IntakeScreen:
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    assert isinstance(pilot.app.screen, IntakeScreen)
    return pilot.app.screen


@pytest.mark.asyncio
async def test_high_risk_call_is_unmissable_and_pages_the_on_call_team(demo_db: Path) -> None:
    app = make_app(demo_db)
    bells = []
    app.bell = lambda: bells.append(1)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_intake(pilot)
        await play(pilot, HIGH_RISK_CALL)
        risk_bar = screen.query_one("#risk-bar")
        assert risk_bar.has_class("high")
        assert "RISK: HIGH" in str(risk_bar.render())
        assert bells == [1]  # once, when the level became high
        assert screen.query_one("#acuity").value.value == "emergent"
        assert "Harney County · team: Harney" in str(screen.query_one("#town-note").render())
        await play(pilot, RECORD_AND_PAGE[:3])
        assert isinstance(app.screen, PageTeamModal)
        await play(pilot, RECORD_AND_PAGE[3:])
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
    with Store.open(demo_db) as store:
        call = store.calls.get(store.scalar("SELECT max(id) FROM calls"))
        assert call.risk_level is RiskLevel.HIGH and call.triage is Triage.MOBILE_DISPATCH
        assert call.town == "Burns" and call.callback_number == "+15415550123"
        dispatch = store.dispatches.get(store.scalar(
            "SELECT id FROM dispatches WHERE call_id = ?", (call.id,)))
        assert dispatch.status is DispatchStatus.PAGED and dispatch.le_coresponse is True
        assert dispatch.episode_id is not None
        pages = store.pages.for_dispatch(dispatch.id)
        assert len(pages) == 2  # the Harney primary clinician and peer
        assert all(p.attempts >= 1 or p.status is PageStatus.QUEUED for p in pages)
        assert store.drafts.get("coord", "intake") is None


@pytest.mark.asyncio
async def test_problems_are_shown_next_to_their_fields_and_nothing_is_stored(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_intake(pilot)
        before = app.session.store.calls.count()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, IntakeScreen)
        problem = screen.query_one("#problem-triage")
        assert problem.display and "choose a triage decision" in str(problem.render())
        assert app.focused is screen.query_one("#triage")
        await pilot.press("m")
        await pilot.press("ctrl+s")
        await settle(pilot)
        for field in ("town", "address", "cssrs"):
            assert screen.query_one(f"#problem-{field}").display, field
        assert app.session.store.calls.count() == before


@pytest.mark.asyncio
async def test_screener_skip_rule_on_screen(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_intake(pilot)
        field = screen.query_one(CssrsField)
        field.focus()
        await pilot.press("y", "n")  # q1 yes, q2 no -> straight to q6
        assert "3 Thought" not in str(field.render())
        await pilot.press("y")  # q6 yes -> asks 'within 3 months'
        assert "6b" in str(field.render())
        await pilot.press("backspace")
        assert field.answers.q6 is None and field.answers.q2 is False


@pytest.mark.asyncio
async def test_choosing_an_earlier_person_links_instead_of_duplicating(demo_db: Path):
    with Store.open(demo_db) as store:
        person = store.persons.get(store.scalar(
            "SELECT id FROM persons WHERE phone <> '' AND name <> '' ORDER BY id LIMIT 1"))
        persons_before = store.scalar("SELECT count(*) FROM persons")
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_intake(pilot)
        await pilot.press(*person.phone[2:])
        await until(pilot, lambda: screen.query_one("#matches").display, "the matches shown")
        await pilot.press("ctrl+l")
        matches = [m.person.id for m in screen._matches]
        assert person.id in matches
        screen.query_one("#match-list").highlighted = matches.index(person.id)
        await pilot.press("enter")
        assert screen.person_id == person.id
        assert screen.query_one("#person_name").value == person.name
        screen.query_one("#triage").value = Triage.INFORMATION
        await pilot.press("ctrl+s")
        await settle(pilot)
    with Store.open(demo_db) as store:
        assert store.scalar("SELECT count(*) FROM persons") == persons_before
        assert store.scalar("SELECT person_id FROM calls ORDER BY id DESC LIMIT 1") == person.id


@pytest.mark.asyncio
async def test_draft_is_saved_within_a_second_and_offered_on_the_next_start(demo_db: Path):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_intake(pilot)
        await pilot.press(*"5415550199", "enter", "9")
        await until(pilot, lambda: _intake_draft(demo_db).get("line") == "911",
                    "the draft saved within a second")
    with Store.open(demo_db) as store:
        draft = store.drafts.get("coord", "intake")
        assert draft.payload["callback_number"] == "5415550199"
        assert draft.payload["line"] == "911"
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, ResumeDraftModal)
        # One question, not also a notice that would still say so once it is answered.
        assert not [n for n in app._notifications if n.title == "Unfinished drafts"]
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, IntakeScreen)
        assert screen.query_one("#callback_number").value == "5415550199"
        assert screen.query_one("#line").value.value == "911"


@pytest.mark.asyncio
async def test_the_same_call_again_is_offered_to_join_the_open_episode(demo_db: Path):
    from mrss_tui.screens.repeat_call import RepeatCallModal

    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_intake(pilot)
        await play(pilot, HIGH_RISK_CALL + RECORD_AND_PAGE)
        await settle(pilot)
        await open_intake(pilot)
        await play(pilot, HIGH_RISK_CALL + RECORD_AND_PAGE[:3])  # same number a minute later
        assert isinstance(app.screen, RepeatCallModal)
        await pilot.press("j")
        await settle(pilot)
        if isinstance(app.screen, PageTeamModal):  # offered for the team already out
            await pilot.press("escape")
            await settle(pilot)
    with Store.open(demo_db) as store:
        first, second = store.all("SELECT id, linked_episode_id FROM calls ORDER BY id DESC "
                                  "LIMIT 2")[::-1]
        episode = store.scalar("SELECT id FROM episodes WHERE call_id = ?", (first[0],))
        assert second[1] == episode
        assert store.scalar("SELECT count(*) FROM episodes WHERE call_id = ?", (second[0],)) == 0
        assert store.scalar("SELECT count(*) FROM dispatches WHERE episode_id = ?",
                            (episode,)) == 1
        assert store.scalar("SELECT count(*) FROM persons WHERE name = 'Jo Rivers'") == 1
