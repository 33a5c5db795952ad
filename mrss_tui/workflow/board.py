"""The board (home screen) read model."""

from __future__ import annotations

from mrss_tui.domain.models import BoardSummary
from mrss_tui.errors import MrssError
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.permissions import Action, allowed

BOARD_ROWS = 50  # rows of each list on the board


def board_summary(session: Session, limit: int = BOARD_ROWS) -> BoardSummary:
    session.require(Action.VIEW_BOARD)
    return session.store.board.summary(session.now(), limit=limit)


def first_board(session: Session) -> BoardSummary | None:
    """The board read before the UI starts, so its first frame already shows the data (one
    frame instead of an empty board and then a second). None when the role has no board or
    the read failed: the board then reads as on any later visit, and says why in the app."""
    if not allowed(session.actor.role, Action.VIEW_BOARD):
        return None
    try:
        return board_summary(session)
    except MrssError:
        return None
