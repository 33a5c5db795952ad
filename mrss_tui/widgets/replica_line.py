"""The supervisors' one line about the standby replica (hidden for everyone else, and when no
replica is configured). The words come from ``ReplicaHealth.summary``, as in `mrss check`."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from mrss_tui.domain.replica import ReplicaHealth


class ReplicaLine(Static):
    DEFAULT_CSS = """
    ReplicaLine { height: 1; margin: 0 1; color: $text-muted; display: none; }
    ReplicaLine.stale { color: $error; text-style: bold; }
    """

    def show(self, health: ReplicaHealth | None) -> None:
        self.display = health is not None
        if health is None:
            return
        self.set_class(health.stale, "stale")
        self.update(Text(("! " if health.stale else "") + health.summary()))
