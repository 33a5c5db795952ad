"""Updating a widget only when what it shows changes.

``Static.update`` redraws (and re-lays out) even when handed the same content. A screen that
reloads when another session writes would then resend itself over a slow link for nothing.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


def show_if_changed(widget: Static, content: Text | str) -> bool:
    """Update ``widget`` if ``content`` differs from what it last showed; True if it did."""
    if getattr(widget, "_quiet_shown", None) == content:
        return False
    widget._quiet_shown = content  # type: ignore[attr-defined]
    widget.update(content)
    return True
