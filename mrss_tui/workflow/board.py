"""The board (home screen) read model."""

from __future__ import annotations

from mrss_tui.domain.board_order import needs_someone_now_first
from mrss_tui.domain.enums import Severity
from mrss_tui.domain.board_rows import AlertCounts, BoardSummary
from mrss_tui.domain.phone_actions import answered_by_phone
from mrss_tui.workflow.context import Session, sees_all
from mrss_tui.workflow.permissions import Action

BOARD_ROWS = 50  # rows of each list on the board

OWN_ALERTS_COUNTED = 1000


def board_summary(session: Session, limit: int = BOARD_ROWS) -> BoardSummary:
    """The board. Field staff see their own teams' alerts (the banner, the figures) and, for
    other teams, only how many there are: a banner must not name another team's episode."""
    session.require(Action.VIEW_BOARD)
    summary = session.store.board.summary(session.now(), limit=limit)
    response = session.config.response
    ordered = needs_someone_now_first(summary.dispatches, session.now(),
                                      target_minutes=response.target_minutes,
                                      warn_minutes=response.warn_minutes)
    latest = session.store.phone_replies.latest([d.id for d in ordered])
    summary = summary._replace(dispatches=ordered, phone_answers=answered_by_phone(
        {d.id: d.status for d in ordered}, latest))
    if sees_all(session):
        return summary
    return summary._replace(alerts=_own_alerts(session, summary.alerts.open))


def _own_alerts(session: Session, every_open: int) -> AlertCounts:
    own = ([] if session.actor.staff_id is None else session.store.alerts.open_for_staff(
        session.now(), session.actor.staff_id, OWN_ALERTS_COUNTED))
    return AlertCounts(open=len(own), urgent=sum(a.severity is Severity.URGENT for a in own),
                       most_urgent=own[0] if own else None,
                       other_teams=max(every_open - len(own), 0))
