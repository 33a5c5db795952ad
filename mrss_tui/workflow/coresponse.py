"""Recording law enforcement at a call (Oklahoma City CRT co-responds with CIT officers): on
scene or not, CIT-trained, the agency, who asked for them. One record per call."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from mrss_tui.domain.assessment import CoResponse
from mrss_tui.errors import ValidationFailed
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.object_access import require_call
from mrss_tui.workflow.permissions import Action
from mrss_tui.workflow.staff import validation_problems


def record_coresponse(session: Session, call_id: int, data: dict[str, Any]) -> CoResponse:
    require_call(session, call_id, Action.UPDATE_DISPATCH)
    try:
        form = CoResponse(**data)
    except ValidationError as exc:
        problems = validation_problems(exc)
        raise ValidationFailed("; ".join(problems.values()), problems) from None
    with session.store.atomic():
        return session.store.coresponse.record(session.actor.login, call_id, form)


def coresponse_of(session: Session, call_id: int) -> CoResponse | None:
    require_call(session, call_id)
    return session.store.coresponse.get(call_id)
