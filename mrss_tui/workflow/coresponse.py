"""Recording law enforcement at a call (Oklahoma City CRT co-responds with CIT officers): on
scene or not, CIT-trained, the agency, who asked for them. One record per call."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from mrss_tui.domain.assessment import CoResponse
from mrss_tui.errors import ValidationFailed
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.permissions import Action
from mrss_tui.workflow.staff import validation_problems


def record_coresponse(session: Session, call_id: int, data: dict[str, Any]) -> CoResponse:
    session.require(Action.UPDATE_DISPATCH)
    try:
        form = CoResponse(**data)
    except ValidationError as exc:
        problems = validation_problems(exc)
        raise ValidationFailed("; ".join(problems.values()), problems) from None
    with session.store.atomic():
        session.store.calls.get(call_id)  # NotFound for a call that is not there
        return session.store.coresponse.record(session.actor.login, call_id, form)


def coresponse_of(session: Session, call_id: int) -> CoResponse | None:
    session.require(Action.VIEW_BOARD)
    return session.store.coresponse.get(call_id)
