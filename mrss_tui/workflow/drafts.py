"""Drafts: the autosaved state of an unfinished form, per staff member and form.

Anyone signed in may keep drafts of their own forms (no permission beyond being staff): the
login comes from the session, never from the caller, so nobody reads or overwrites another's.
Name a form after the nav id of the screen that restores it: the login notice then offers it
with that screen's key (screens/drafts_notice.py).
"""

from __future__ import annotations

import json
from typing import Any

from mrss_tui.domain.records import Draft
from mrss_tui.domain.plain_text import strip_controls
from mrss_tui.errors import ValidationFailed
from mrss_tui.workflow.context import Session


INTAKE_FORM = "intake"  # the unfinished call's draft (workflow/intake.py keeps it)
DRAFT_MAX_CHARS = 100_000  # a form's worth of typing; a paste bomb is not kept


def save_draft(session: Session, form: str, payload: dict[str, Any]) -> None:
    """Keep the typed values; text is cleaned of control characters (a draft is what was typed,
    so it is cleaned rather than refused) and a draft larger than a form can be is refused."""
    cleaned = {key: strip_controls(value) if isinstance(value, str) else value
               for key, value in payload.items()}
    if len(json.dumps(cleaned, default=str)) > DRAFT_MAX_CHARS:
        raise ValidationFailed(f"this draft is too large to keep (over {DRAFT_MAX_CHARS:,} "
                               "characters)")
    session.store.drafts.save(session.actor.login, form, cleaned)


def load_draft(session: Session, form: str) -> Draft | None:
    return session.store.drafts.get(session.actor.login, form)


def my_drafts(session: Session) -> list[Draft]:
    """Every draft of the acting staff member, newest first."""
    return session.store.drafts.for_staff(session.actor.login)


def discard_draft(session: Session, form: str) -> None:
    session.store.drafts.discard(session.actor.login, form)
