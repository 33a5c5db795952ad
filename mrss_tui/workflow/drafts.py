"""Drafts: the autosaved state of an unfinished form, per staff member and form.

Anyone signed in may keep drafts of their own forms (no permission beyond being staff): the
login comes from the session, never from the caller, so nobody reads or overwrites another's.
Name a form after the nav id of the screen that restores it: the login notice then offers it
with that screen's key (screens/drafts_notice.py).
"""

from __future__ import annotations

from typing import Any

from mrss_tui.domain.models import Draft
from mrss_tui.workflow.context import Session


def save_draft(session: Session, form: str, payload: dict[str, Any]) -> None:
    session.store.drafts.save(session.actor.login, form, payload)


def load_draft(session: Session, form: str) -> Draft | None:
    return session.store.drafts.get(session.actor.login, form)


def my_drafts(session: Session) -> list[Draft]:
    """Every draft of the acting staff member, newest first."""
    return session.store.drafts.for_staff(session.actor.login)


def discard_draft(session: Session, form: str) -> None:
    session.store.drafts.discard(session.actor.login, form)
