"""Stored text is data: every screen renders hostile names, notes and services literally.

The workflow refuses control characters at input, so hostile rows are written here the way
they reach a real database anyway: from before that rule, or by someone with the file. Raw SQL
is deliberate in this one fixture (the workflow would, rightly, refuse these values).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from mrss_tui.domain.directory import format_hours
from mrss_tui.domain.enums import Phase
from mrss_tui.screens.contact_form import ContactFormScreen
from mrss_tui.screens.directory import ServiceDetailScreen, ServiceEditScreen
from mrss_tui.screens.followup_form import FollowupFormScreen
from mrss_tui.screens.page_team import PageTeamModal
from mrss_tui.screens.phase_form import PhaseFormScreen
from mrss_tui.screens.dispatch import DispatchModal
from mrss_tui.screens.episode import EpisodeScreen
from mrss_tui.screens.nav import all_entries
from mrss_tui.screens.refer import EpisodeReferralsScreen, ReferScreen
from mrss_tui.screens.safety_plan import SafetyPlanScreen
from mrss_tui.workflow.directory import ServiceForm, service_detail
from mrss_tui.workflow.episodes import episode_detail
from tests.ui.helpers import make_app, settle

MARKUP = "Robert [bob] Jones [/] [bold]x[/bold] [link=http://x]y[/link] [@click=app.quit]q[/]"
TERMINAL = "\x1b]0;pwned\x07\x1b[2J\x1b[31mred\x9b1m\u202eevil\u202c 😀 ok"
HOSTILE = {
    "markup+escapes": f"{MARKUP} {TERMINAL}",
    "100k": "A[/]" * 25_000,
    # Text that lies (issue 22): reversed, isolated or hidden characters, and a second line.
    "bidi+zero-width+newline": "Ann\u202eeoJ\u202c \u2066Lee\u2069\u200b\u200d\ufeff\u2060"
                               "\u200f\u061c\nWeapons: no\u2028Dogs: none",
}

# (table, text columns) that screens show; enums, ids and times are left alone.
COLUMNS = {
    "staff": ["name", "credentials", "region"],
    "persons": ["name", "town", "county"],
    "calls": ["caller_name", "caller_relation", "address", "town", "county", "situation",
              "hazards"],
    "episodes": ["close_reason"],
    "contacts": ["note"],
    "followups": ["kind", "note"],
    "safety_plans": ["warning_signs", "coping_strategies", "distractions", "help_contacts",
                     "professionals", "environment_safety", "reasons_for_living"],
    "organizations": ["name", "description"],
    "services": ["name", "description", "eligibility_description", "fees_description"],
    "addresses": ["address_1", "city"],
    "phones": ["number"],
    "taxonomy_terms": ["name"],
    "referrals": ["note", "category"],
    "alerts": ["message"],
    "pages": ["body", "last_error"],
}


def poison(db: Path, value: str) -> tuple[int, int, str, str]:
    """Every shown text column becomes ``value``; returns an episode with a safety plan and
    referrals, a dispatch, a service id and a supervisor's login to look at them."""
    conn = sqlite3.connect(db)
    with conn:
        for table, columns in COLUMNS.items():
            sets = ", ".join(f"{c} = :v" for c in columns)
            conn.execute(f"UPDATE {table} SET {sets}", {"v": value})
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    found = (one("SELECT p.episode_id FROM safety_plans p JOIN referrals r USING (episode_id)"),
             one("SELECT min(id) FROM dispatches"), one("SELECT min(id) FROM services"),
             one("SELECT login FROM staff WHERE role = 'supervisor' AND active"))
    conn.close()
    return found


def rendered(app) -> str:
    """What the terminal would be sent for the current screen (text of every cell)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u061c\u2028\u2029]")


def assert_clean(app, seen: list[str]) -> None:
    assert app._exception is None, app._exception
    out = rendered(app)
    found = CONTROL.search(out)
    assert not found, (type(app.screen).__name__, out[max(found.start() - 60, 0):found.end() + 20])
    assert "pwned" not in out
    hidden = INVISIBLE.search(out)
    assert not hidden, (type(app.screen).__name__, f"U+{ord(hidden.group()):04X}")
    seen.append(out)


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(HOSTILE))
@pytest.mark.asyncio
async def test_every_screen_shows_hostile_text_literally(demo_db: Path, kind: str) -> None:
    episode, dispatch, service_id, supervisor = poison(demo_db, HOSTILE[kind])
    seen: list[str] = []
    app = make_app(demo_db, login=supervisor)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert_clean(app, seen)
        for nav in all_entries():
            app.action_go(nav.id)
            await settle(pilot)
            assert_clean(app, seen)
        for screen in (EpisodeScreen(episode), SafetyPlanScreen(episode),
                       EpisodeReferralsScreen(episode), ReferScreen(episode), DispatchModal(dispatch)):
            app.push_screen(screen)
            await settle(pilot)
            assert_clean(app, seen)
            app.pop_screen()
            await settle(pilot)
        app.push_screen(ServiceDetailScreen(service_id))
        await settle(pilot)
        assert_clean(app, seen)
        app.pop_screen()
        # The forms that start from stored text: contact (team names), phase change, follow-up,
        # paging (staff names), the service editor (every directory field).
        with app.thread_session() as session:
            detail = episode_detail(session, episode)
            call = session.store.calls.get(detail.episode.call_id)
            service = service_detail(session, service_id)
        hours = format_hours(service.summary.hours)
        for screen in (ContactFormScreen(detail), PhaseFormScreen(detail.episode, Phase.CLOSED),
                       FollowupFormScreen(detail.episode), PageTeamModal(call, episode),
                       ServiceEditScreen(ServiceForm.from_detail(service, hours), service_id, 1)):
            app.push_screen(screen)
            await settle(pilot)
            assert_clean(app, seen)
            app.pop_screen()
            await settle(pilot)
        # Intake: a look-up whose hits carry the hostile names.
        app.action_go("intake")
        await settle(pilot)
        app.screen.query_one("#person_name").value = "Robert"
        app.screen._lookup()
        await settle(pilot)
        assert_clean(app, seen)
    assert app._exception is None
    if kind == "markup+escapes":
        assert any("Robert [bob] Jones" in out for out in seen)
