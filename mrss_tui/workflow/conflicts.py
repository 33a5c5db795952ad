"""Two people editing the same record: the second save is refused (row version check in the
store) and the message says who saved first, when, and which fields they changed, so the
second person knows what to look at before saving again. Field names only: no values (PHI)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from mrss_tui.errors import ConflictError
from mrss_tui.workflow.context import Session

IGNORED_FIELDS = {"updated_at", "version"}


@contextmanager
def explained_conflicts(session: Session, entity: str, entity_id: object,
                        expected_version: int) -> Iterator[None]:
    """Wrap a versioned save; a ConflictError comes out naming what the others changed."""
    try:
        yield
    except ConflictError as exc:
        message = _explain(session, entity, entity_id, expected_version)
        raise ConflictError(message or str(exc)) from None


def _explain(session: Session, entity: str, entity_id: object, version: int) -> str | None:
    updates = session.store.conflicts.updates_since(entity, entity_id, version)
    if not updates:
        return None
    who = ", ".join(dict.fromkeys(u.actor for u in updates))
    fields = sorted({f for u in updates for f in (u.detail.get("after") or {})} - IGNORED_FIELDS)
    when = updates[-1].at.astimezone(session.config.zone).strftime("%H:%M")
    changed = f"changed {', '.join(fields)}" if fields else "saved it"
    return (f"not saved: {who} saved this {entity} first ({changed}, {when}) while you were "
            "editing. Reload to see their version, then make your change again")
