"""The footer of every screen, rebuilt only when the keys it shows change, and once a burst of
keys has been handled, not once a key.

Textual's footer rebuilds all its keys whenever the focus moves (the keys on offer may change
with it). Rebuilding mounts and styles a widget per key, and cost more than handling the key
that moved the focus; most moves (one field of a form to the next) offer the same keys. So the
footer is rebuilt only when what it would show differs from what it shows. While keys wait their
turn (the app's key gate has a backlog) the footer waits too; the gate asks for it to be
refreshed when the backlog is gone (``Screen.refresh_bindings``).

At start the keys are built once the first frame is out (``MrssApp.after_first_frame``), as a
bare Textual app's footer does: building them held the board's first frame back by ~15 ms.

Each key bound to the footer's style (compact or not) is built in it: Textual builds a key
compact, then binds it to the footer's setting, so each key was restyled twice as it mounted
(eight keys, ~15 ms of the first frame). The command palette's key is not bound: it stays
compact.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.reactive import Reactive
from textual.widgets import Footer


class KeysFooter(Footer):
    _shown: tuple[Any, ...] | None = None  # the keys on show, as _keys_on_offer gives them

    def bindings_changed(self, screen: Screen) -> None:
        gate = getattr(self.app, "keys", None)
        if gate is not None and gate.backlog:
            return  # refreshed when the burst has been handled
        if getattr(self.app, "first_frame_out", True):
            super().bindings_changed(screen)
            return
        # In the footer's own turn: its keys are composed as its children.
        self.app.after_first_frame(  # type: ignore[attr-defined]
            lambda: self.call_later(self._bindings_changed_now, screen))

    def _bindings_changed_now(self, screen: Screen) -> None:
        if self.is_attached:
            super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            compact = getattr(type(widget), "compact", None)  # a key's (FooterKey, not public)
            if isinstance(compact, Reactive) and not widget.has_class("-command-palette"):
                widget.set_reactive(compact, self.compact)
            yield widget

    async def recompose(self) -> None:
        if not self.is_attached:
            return
        offer = self._keys_on_offer()
        if offer == self._shown:
            return
        self._shown = offer
        await super().recompose()
        whole = getattr(self.app, "first_screen_whole", None)  # MrssApp's; once it counts
        if whole is not None:
            self.call_after_refresh(whole)

    def _keys_on_offer(self) -> tuple[Any, ...]:
        """Everything Footer.compose draws from: the shown bindings, enabled or not, with
        their tooltips and key names, and the command palette's key."""
        if not self._bindings_ready:
            return ()
        app = self.app
        return (self.show_command_palette, app.ENABLE_COMMAND_PALETTE, tuple(
            (key, binding, enabled, tooltip, app.get_key_display(binding))
            for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == app.COMMAND_PALETTE_BINDING))
