"""Least privilege on the board (issue 22): field staff see their own teams' alerts; of other
teams only how many there are. The banner never names another team's episode."""

from __future__ import annotations

from datetime import timedelta

from mrss_tui.domain.enums import AlertKind, Role, Severity
from mrss_tui.widgets.board_stats import fitted_stats
from mrss_tui.workflow.board import board_summary
from tests.conftest import T0
from tests.episode_helpers import open_episode


def raise_followup_alert(session, episode, severity: Severity, minutes: int = 5):
    return session.store.alerts.raise_once(
        "system", kind=AlertKind.FOLLOWUP_OVERDUE, subject_type="episode", subject_id=episode.id,
        due_at=T0 - timedelta(minutes=minutes), severity=severity,
        message=f"Follow-up for {episode.ref} was due 13:25")


def test_field_staff_see_their_own_alerts_and_only_a_count_of_others(make_session) -> None:
    coord = make_session(Role.COORDINATOR)
    ours = make_session(Role.CLINICIAN, login="on_team")
    theirs = make_session(Role.CLINICIAN, login="not_on_team")
    other = open_episode(coord, received=T0 - timedelta(hours=3), team=[ours])
    mine = open_episode(coord, received=T0 - timedelta(hours=2), team=[theirs])
    raise_followup_alert(coord, other, Severity.URGENT)
    raise_followup_alert(coord, other, Severity.WARNING, minutes=50)
    raise_followup_alert(coord, mine, Severity.WARNING)

    everyone = board_summary(coord).alerts
    assert (everyone.open, everyone.other_teams) == (3, 0)
    assert everyone.most_urgent is not None and other.ref in everyone.most_urgent.message

    seen = board_summary(theirs).alerts
    assert seen.open == 1 and seen.urgent == 0
    assert seen.most_urgent is not None and mine.ref in seen.most_urgent.message
    assert seen.other_teams == everyone.open - 1
    shown = " ".join(t.plain for t in fitted_stats(board_summary(theirs), 120))
    assert f"+{seen.other_teams} other teams" in shown and other.ref not in shown

    nobody = make_session(Role.PEER, login="on_no_team")
    none = board_summary(nobody).alerts
    assert none.most_urgent is None and none.open == 0 and none.other_teams == everyone.open
