"""The board (home screen) read model."""

from __future__ import annotations

from mrss_tui.domain.models import BoardSummary
from mrss_tui.domain.phone_actions import answered_by_phone
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.permissions import Action


def board_summary(session: Session, limit: int = 50) -> BoardSummary:
    session.require(Action.VIEW_BOARD)
    summary = session.store.board.summary(session.now(), limit=limit)
    latest = session.store.phone_replies.latest([d.id for d in summary.dispatches])
    summary.phone_answers = answered_by_phone(
        {d.id: d.status for d in summary.dispatches}, latest)
    return summary
