"""The board a clinician sees (issue 22): the alert banner names only episodes of their own
teams; other teams' alerts appear as a count."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mrss_tui.config import build_config
from mrss_tui.domain.enums import Role
from mrss_tui.workflow.context import open_session
from tests.ui.helpers import make_app, settle


def clinicians_with_and_without_alerts(db: Path) -> list[str]:
    session = open_session(db, build_config({}), "super")
    try:
        return [s.login for s in session.store.staff.list(active_only=True)
                if s.role is Role.CLINICIAN]
    finally:
        session.store.close()


@pytest.mark.asyncio
async def test_the_banner_never_names_another_teams_episode(demo_db: Path) -> None:
    checked_others = 0
    for login in clinicians_with_and_without_alerts(demo_db)[:3]:
        app = make_app(demo_db, login=login)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            banner = str(app.screen.query_one("#board-alert").render())
            stats = str(app.screen.query_one("#board-stats").render())
            with app.thread_session() as session:
                staff_id = session.actor.staff_id
                named = [int(ref) for ref in re.findall(r"E(\d{5})", banner)]
                on_team = [session.store.episode_views.is_on_team(n, staff_id) for n in named]
                every_open = session.store.board.summary(session.now()).alerts.open
                own = len(session.store.alerts.open_for_staff(session.now(), staff_id))
        assert all(on_team), (login, banner)
        if every_open > own:
            assert f"+{every_open - own} other teams" in stats, (login, stats)
            checked_others += 1
        if own == 0:
            assert "No open alerts." in banner, (login, banner)
    assert checked_others, "the demo data should give some clinician other teams' alerts"
