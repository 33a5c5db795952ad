"""Messages shared by the app and its screens (kept apart so screens never import app.py)."""

from __future__ import annotations

from textual.message import Message


class DataChanged(Message):
    """Another session (or a worker of ours) committed to the database."""
