"""The board (home screen) read model."""

from __future__ import annotations

from mrss_tui.domain.models import BoardSummary
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.permissions import Action


def board_summary(session: Session, limit: int = 50) -> BoardSummary:
    session.require(Action.VIEW_BOARD)
    return session.store.board.summary(session.now(), limit=limit)
