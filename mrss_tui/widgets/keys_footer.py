"""The footer of every screen, redrawn once a burst of keys has been handled, not once a key.

Textual's footer rebuilds all its keys whenever the focus moves (the keys on offer change with
it). A burst of typing over a stalled link moves the focus dozens of times in a second, and
rebuilding the footer each time cost more than handling the keys. While keys wait their turn
(the app's key gate has a backlog) the footer waits too; the gate asks for it to be refreshed
when the backlog is gone (``Screen.refresh_bindings``).
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class KeysFooter(Footer):
    def bindings_changed(self, screen: Screen) -> None:
        gate = getattr(self.app, "keys", None)
        if gate is not None and gate.backlog:
            return  # refreshed when the burst has been handled
        super().bindings_changed(screen)
