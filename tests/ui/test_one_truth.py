"""One truth on every screen (issue 27): for each seed program a call is typed into intake at
80x24, paged, met, printed and closed, and every fact typed at intake - the risk (to self and
to others, or incomplete), call back, caller and relation, age, 911 incident number, the
dispatch essentials - reads the same on the board, the dispatch view, the episode, the team
member's caseload, the page sent and the print (text, and the PDF read back with pdftotext).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

import mrss_tui.app  # noqa: F401 - first: importing a screen module before the app is circular
from mrss_tui.clock import FrozenClock
from mrss_tui.domain.cssrs import CssrsAnswers
from mrss_tui.domain.enums import Acuity, Line, Phase, Triage
from mrss_tui.domain.risk_others import RiskOthersAnswers
from mrss_tui.widgets.call_facts import CallFactsView
from tests.conftest import T0
from tests.ui.helpers import make_app, settle
from tests.ui.test_program_intake import open_intake, program_db

VIOLENT = RiskOthersAnswers(**{item: True for item in (
    "confused", "irritable", "boisterous", "verbal_threats", "physical_threats",
    "attacking_objects", "violent_ideation", "plan_or_intent", "recent_violence",
    "weapons_access", "command_hallucinations")})
ALL_NO = CssrsAnswers(q1=False, q2=False, q6=False)
PARTIAL_LOW = CssrsAnswers(q1=True).set_unknown("q2").set("q6", False)
HIGH_SELF = CssrsAnswers(q1=True, q2=True, q3=True, q4=True, q5=False, q6=False)

# What each program's coordinator types, and how its risk must read everywhere.
CASES = {
    "okc-crt": dict(
        shown_callback="(405) 555-0187",
        typed={"callback_number": "405 555 0187", "incident_number": "OKC-24-7781",
               "caller_name": "Sgt Dana Cole", "caller_relation": "police",
               "person_name": "Alex Reed", "born_or_age": "34", "address": "400 N Walker Ave",
               "town": "Moore", "hazards": "pit bull in yard",
               "situation": "Adult smashing windows, threatening neighbours with a bat; "
                            "neighbours sheltering next door"},
        line=Line.L911, cssrs=ALL_NO, others=VIOLENT, age="34", band="Adult 26-64",
        short="HIGH others",
        long=r"Risk HIGH to others, None to self \(at intake \w{3} \d\d \w{3} \d\d:\d\d\)"),
    "oregon-mrss": dict(
        shown_callback="(541) 555-0166",
        typed={"callback_number": "541 555 0166", "caller_name": "Pat Lane",
               "caller_relation": "school", "person_name": "Sam Lane", "born_or_age": "14",
               "address": "88 Alder St", "town": "Burns", "hazards": "",
               "situation": "Student locked in the counselling room, will not talk"},
        line=Line.L988, cssrs=PARTIAL_LOW, others=None, age="14", band="Youth 12-17",
        short="incompl ≥Low self",
        long=r"Risk incomplete \(at least Low\) to self \(at intake \w{3} \d\d \w{3} \d\d:\d\d\)"),
    "ct-emps": dict(
        shown_callback="(860) 555-0144",
        typed={"callback_number": "860 555 0144", "caller_name": "Kim Ortiz",
               "caller_relation": "mother", "person_name": "Lee Ortiz", "born_or_age": "10",
               "address": "5 Elm Rd", "town": "Torrington", "hazards": "two cats",
               "situation": "Child threatening to jump from the porch roof"},
        line=Line.L211, cssrs=HIGH_SELF, others=None, age="10", band="Child 0-11",
        short="HIGH self",
        long=r"Risk HIGH to self \(at intake \w{3} \d\d \w{3} \d\d:\d\d\)"),
}


def _text(widget) -> str:
    return str(widget.render())


def _facts_text(view: CallFactsView) -> str:
    return _text(view.query_one(".call-facts-text", Static))


async def _type_intake(pilot, case: dict) -> None:
    screen = await open_intake(pilot)
    for field, value in case["typed"].items():
        if screen.query(f"#{field}"):
            screen.query_one(f"#{field}").value = value
    screen.query_one("#line").value = case["line"]
    for field, value in (("weapons", True), ("violence_history", True),
                         ("substance_use", False), ("police_needed", True)):
        screen.query_one(f"#{field}").value = value
    screen.query_one("#cssrs").answers = case["cssrs"]
    if case["others"] is not None and screen.query("#risk_others"):
        screen.query_one("#risk_others").answers = case["others"]
    await settle(pilot)
    screen.query_one("#acuity").value = Acuity.EMERGENT
    screen.query_one("#triage").value = Triage.MOBILE_DISPATCH
    await pilot.press("ctrl+s")
    await settle(pilot)
    if type(pilot.app.screen).__name__ == "RepeatCallModal":
        await pilot.press("n")
        await settle(pilot)
    if type(pilot.app.screen).__name__ == "PageTeamModal":
        await pilot.press("p")  # page the proposed team
        await settle(pilot)
    if type(pilot.app.screen).__name__ == "PageTeamModal":
        # Nobody free is ticked in this program's demo rota now: page who is there, as the
        # coordinator would after ticking them (the page text is built the same way).
        await pilot.press("escape")
        await settle(pilot)
        _page_anyone(pilot.app.session)


def _page_anyone(session) -> None:
    from mrss_tui.workflow.paging import page_team, propose_team

    store = session.store
    call = store.calls.get(store.scalar("SELECT max(id) FROM calls"))
    proposal = propose_team(session, call.region)
    people = [o.staff.id for o in proposal.on_call] or [s.id for s in proposal.others]
    page_team(session, call_id=call.id, staff_ids=people[:2], gap_reason="only these are free",
              confirm_busy=True)


def _expected_facts(call, case: dict) -> list[str]:
    return [case["shown_callback"], case["typed"]["caller_name"],
            f"({case['typed']['caller_relation']})", f"age {case['age']}", case["band"],
            "weapons YES", "violence history YES", "police needed YES"] + (
        [case["typed"]["incident_number"]] if "incident_number" in case["typed"] else [])


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.mark.asyncio
@pytest.mark.parametrize("profile", list(CASES))
async def test_every_fact_typed_at_intake_reads_the_same_everywhere(tmp_path: Path, profile):
    from mrss_tui.screens.dispatch import DispatchModal
    from mrss_tui.screens.episode import EpisodeScreen

    case = CASES[profile]
    db, config = program_db(tmp_path, profile)
    app = make_app(db, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await _type_intake(pilot, case)
        store = app.session.store
        call = store.calls.get(store.scalar("SELECT max(id) FROM calls"))
        assert call.caller_name == case["typed"]["caller_name"]
        episode_id = store.scalar("SELECT id FROM episodes WHERE call_id = ?", (call.id,))
        dispatch_id = store.scalar("SELECT max(id) FROM dispatches WHERE call_id = ?", (call.id,))
        members = [m.staff_id for m in store.dispatches.members(dispatch_id)]
        assert members, "the team was paged"
        facts = _expected_facts(call, case)

        # The board: the team's row and (while the call is open) the open-calls row.
        assert type(app.screen).__name__ == "BoardScreen", app.screen
        board = app.screen
        board.refresh_data()
        await settle(pilot)
        teams = board.query_one("#teams", DataTable)
        assert teams.get_cell(str(dispatch_id), "risk").plain == case["short"]
        calls = board.query_one("#calls", DataTable)
        if str(call.id) in [k.value for k in calls.rows]:
            assert calls.get_cell(str(call.id), "risk").plain == case["short"]

        # The dispatch view: the risk sentence, then the call facts, scrollable whole.
        app.push_screen(DispatchModal(dispatch_id))
        await settle(pilot)
        head = _text(app.screen.query_one("#dispatch-head")).splitlines()
        long_words = head[1]
        assert re.fullmatch(case["long"], long_words), long_words
        shown = _flat(_facts_text(app.screen.query_one(CallFactsView)))
        for fact in facts:
            assert fact in shown, (fact, shown)
        box = app.screen.query_one("#dispatch-box")
        box.scroll_end(animate=False)
        await settle(pilot)
        assert box.scroll_y == box.max_scroll_y and box.region.bottom <= 24
        await pilot.press("r")  # the team arrived (the coordinator records it for them)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)

        # The episode: the same sentence, the same facts, readable whole by scrolling.
        app.push_screen(EpisodeScreen(episode_id))
        await settle(pilot)
        episode = app.screen
        assert app.focused is episode.query_one("#ep-timeline")  # keys move the timeline
        assert _text(episode.query_one("#ep-care")).splitlines()[0] == long_words
        view = episode.query_one(CallFactsView)
        shown = _flat(_facts_text(view))
        for fact in facts:
            assert fact in shown, (fact, shown)
        view.scroll_end(animate=False)
        await settle(pilot)
        assert view.scroll_y == view.max_scroll_y and view.region.bottom <= 24

        # The page the team got (its stored body is what the transport sent).
        body = store.pages.for_dispatch(dispatch_id)[0].body
        assert long_words in body.splitlines()
        assert f"Callback: {case['shown_callback']}" in body and f", {case['age']}" in body
        assert "Weapons: YES" in body and "Violence history: YES" in body

        # The print: text and PDF.
        from mrss_tui.workflow.episode_print import export_episode

        text_path, pdf_path = export_episode(app.session, episode_id)
        printed = _flat(text_path.read_text())
        if shutil.which("pdftotext"):
            pdf_text = _flat(subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"],
                                            capture_output=True, text=True, check=True).stdout)
        else:  # CI installs poppler-utils; without it the text print still counts
            pdf_text = printed
        for printed_text in (printed, pdf_text):
            assert long_words in printed_text
            for fact in facts:
                assert fact in printed_text, (fact, printed_text[:400])

        # Close: the team is no longer out.
        from mrss_tui.workflow.episodes import change_phase

        current = store.episodes.get(episode_id)
        change_phase(app.session, episode_id, {"to": Phase.CLOSED,
                                               "disposition": "home_community",
                                               "reason": "stabilized, family declined more"},
                     current.version)
        app.pop_screen()
        await settle(pilot)
        app.screen.refresh_data()
        await settle(pilot)
        assert str(dispatch_id) not in [k.value for k in
                                        app.screen.query_one("#teams", DataTable).rows]


@pytest.mark.asyncio
@pytest.mark.parametrize("profile", list(CASES))
async def test_the_caseload_reads_the_same_risk(tmp_path: Path, profile):
    from mrss_tui.screens.caseload import CaseloadScreen

    case = CASES[profile]
    db, config = program_db(tmp_path, profile)
    app = make_app(db, config=config)
    async with app.run_test(size=(80, 24)) as pilot:
        await _type_intake(pilot, case)
        store = app.session.store
        call_id = store.scalar("SELECT max(id) FROM calls")
        episode_id = store.scalar("SELECT id FROM episodes WHERE call_id = ?", (call_id,))
        dispatch_id = store.scalar("SELECT max(id) FROM dispatches WHERE call_id = ?", (call_id,))
        login = store.staff.get(store.dispatches.members(dispatch_id)[0].staff_id).login
    member = make_app(db, login=login, config=config, clock=FrozenClock(T0))
    async with member.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        member.push_screen(CaseloadScreen())
        await settle(pilot)
        table = member.screen.query_one("#caseload-episodes", DataTable)
        assert table.get_cell(f"e{episode_id}", "risk").plain == case["short"]
