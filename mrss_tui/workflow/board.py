"""The board (home screen) read model."""

from __future__ import annotations

from mrss_tui.domain.board_order import needs_someone_now_first
from mrss_tui.domain.models import BoardSummary
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.permissions import Action


def board_summary(session: Session, limit: int = 50) -> BoardSummary:
    session.require(Action.VIEW_BOARD)
    summary = session.store.board.summary(session.now(), limit=limit)
    response = session.config.response
    ordered = needs_someone_now_first(summary.dispatches, session.now(),
                                      target_minutes=response.target_minutes,
                                      warn_minutes=response.warn_minutes)
    return summary.model_copy(update={"dispatches": ordered})
