"""The one stored time format: UTC ISO-8601 text with second precision ('2026-11-20T03:15:00Z').

Pure functions, so the store (which writes the text) and the workflow (which reads it back, e.g.
from drafts and imports) share them without the workflow importing store internals.
"""

from __future__ import annotations

from datetime import datetime, timezone


def iso(dt: datetime | None) -> str | None:
    """UTC ISO-8601 text with second precision: the one stored time format."""
    if dt is None:
        return None
    if dt.tzinfo is None:
        raise ValueError("naive datetime cannot be stored")
    if dt.tzinfo is not timezone.utc:
        dt = dt.astimezone(timezone.utc)
    # isoformat is several times cheaper than strftime, which matters for bulk loads.
    return dt.isoformat(timespec="seconds")[:19] + "Z"


def parse_iso(text: str | None) -> datetime | None:
    if text is None:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
