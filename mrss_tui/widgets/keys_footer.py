"""The footer of every screen: one widget that draws all its keys as one line.

Textual's footer mounts, styles, lays out (each key twice: ``width: auto``) and renders one
widget per key, and rebuilds them all whenever the focus moves: ~20 ms of recompose and ~6 ms
of drawing a build, on every screen and many focus changes. This footer looks the same (its CSS
is Textual's ``Footer`` and ``FooterKey`` CSS, as component classes) and does the same (a click
on a key presses it, a disabled key rings the bell, the key under the pointer is highlighted and
gives its tooltip, the mouse wheel scrolls keys that do not fit), but is one render of one line
(footer_line.py).

It is redrawn only when what it would show differs from what it shows: most focus moves (one
field of a form to the next) offer the same keys. While keys wait their turn (the app's key gate
has a backlog) the footer waits too; the gate asks for it to be refreshed when the backlog is
gone (``Screen.refresh_bindings``). The keys are drawn with the screen's own frame, not a frame
later as Textual's are: at start the first frame is the whole first screen, and once it is on
the terminal the footer says so (``MrssApp.first_screen_whole``; the start's background work
waits for it).
"""

from __future__ import annotations

from typing import Any

from rich.style import Style
from textual import events
from textual.color import Color
from textual.reactive import reactive
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from mrss_tui.widgets.footer_line import KeyGroup, Look, OfferedKey, draw, keys_on_offer

_PARTS = ("item", "hover", "disabled", "key", "description", "compact-key", "compact-description",
          "compact-item", "grouped", "compact-grouped", "group", "compact-group", "label",
          "compact-label", "palette", "compact-palette")


class KeysFooter(Widget, can_focus=False, can_focus_children=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {f"keys-footer--{part}" for part in _PARTS}
    # Textual's Footer and FooterKey CSS (textual/widgets/_footer.py), one component class for
    # each state of a key: a key's own (item), hovered, disabled, its key and description parts
    # (paddings as a compact key's apart), a grouped key, a group, a group's label, the palette's.
    DEFAULT_CSS = """
    KeysFooter {
        color: $footer-foreground;
        background: $footer-background;
        dock: bottom;
        height: 1;
        &.-over-key { pointer: pointer; }
        .keys-footer--item { background: $footer-item-background; }
        .keys-footer--hover { color: $footer-key-foreground; background: $block-hover-background; }
        .keys-footer--disabled { text-style: dim; }
        .keys-footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
            padding: 0 1;
        }
        .keys-footer--description {
            padding: 0 1 0 0;
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .keys-footer--compact-key { padding: 0; }
        .keys-footer--compact-description { padding: 0 0 0 1; }
        .keys-footer--compact-item { margin-right: 1; }
        .keys-footer--grouped { margin: 0 1; }
        .keys-footer--compact-grouped { margin: 0; }
        .keys-footer--compact-group { margin: 0 1 0 0; padding-left: 1; }
        .keys-footer--label {
            margin: 0 1 0 0;
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .keys-footer--compact-label { margin: 0; }
        .keys-footer--palette { padding-right: 1; border-left: vkey $foreground 20%; }
        .keys-footer--compact-palette {
            padding-right: 0;
            margin-right: 1;
            border-left: vkey $foreground 20%;
        }
    }
    """

    compact = reactive(False)
    """Display in compact style (as Textual's Footer.compact)."""
    show_command_palette = reactive(True)
    """Show the key to invoke the command palette, on the right."""

    def __init__(self, *, compact: bool = False, show_command_palette: bool = True,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(KeysFooter.compact, compact)
        self.set_reactive(KeysFooter.show_command_palette, show_command_palette)
        self._bindings_ready = False
        self._shown: tuple[Any, ...] | None = None  # the keys on show, as keys_on_offer gives
        self._offer: tuple[Any, ...] = ()
        self._hovered: int | None = None  # the key under the pointer (its index)
        self._cells: list[int | None] = []  # the key under each cell, as last drawn
        self._overflow = 0  # cells the keys reach past their room (the mouse wheel scrolls)
        self._scroll_x = 0

    # -- which keys ------------------------------------------------------------------------
    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        gate = getattr(self.app, "keys", None)
        if gate is not None and gate.backlog:
            return  # refreshed when the burst has been handled
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        # One line, cheap to build: drawn with the screen's frame, not in a frame of its own
        # (Textual's footer builds its keys after a refresh, a frame after the screen's).
        self._rebuild()

    def _rebuild(self) -> None:
        if not self.is_attached:
            return
        offer = self._keys_on_offer()
        if offer == self._shown:
            return
        self._shown = offer
        self._offer = offer[1] if offer else ()
        self._hover_key(None)  # the pointer's key is found again as it next moves
        self.refresh()
        whole = getattr(self.app, "first_screen_whole", None)  # MrssApp's; once it counts
        if whole is not None and self._offer:
            # Once the frame with the keys is out: the first, if they made it into it.
            self.call_after_refresh(self.app.after_first_frame, whole)  # type: ignore[attr-defined]

    def _keys_on_offer(self) -> tuple[Any, ...]:
        """Everything the line is drawn from: the keys (enabled or not, with their tooltips and
        key names, the palette's included) and the footer's style."""
        if not self._bindings_ready:
            return ()
        return (self.compact, keys_on_offer(self.app, self.screen.active_bindings,
                                            self.show_command_palette))

    @property
    def keys(self) -> tuple[OfferedKey, ...]:
        """The keys on show, in their order (a group's keys in place of the group)."""
        return tuple(key for entry in self._offer
                     for key in (entry.keys if isinstance(entry, KeyGroup) else (entry,)))

    def watch_compact(self) -> None:
        self.refresh_bindings_later()

    def watch_show_command_palette(self) -> None:
        self.refresh_bindings_later()

    def refresh_bindings_later(self) -> None:
        if self.is_attached and self._bindings_ready:
            self.call_after_refresh(self._rebuild)

    # -- drawing -----------------------------------------------------------------------------
    def _get_look(self) -> Look:
        # Layered afresh for each drawing (a dozen styles): a theme change, a restyle or new
        # component styles (Textual refreshes the widget for those) are never drawn stale.
        return Look(self._own_layers(), self.get_component_styles, self.compact)

    def _own_layers(self) -> tuple[Color, Color, Style]:
        """DOMNode.rich_style's loop up to this widget, kept as colours to layer parts on."""
        background, color, style = Color(0, 0, 0, 0), Color(255, 255, 255, 0), Style()
        for node in reversed(self.ancestors_with_self):
            styles = node.styles
            if styles.has_rule("background"):
                background = background + styles.background.tint(styles.background_tint)
            if styles.has_rule("color"):
                color = styles.color
            style = style + styles.text_style
        return background, color, style

    def render_line(self, y: int) -> Strip:
        if y != 0:
            return Strip.blank(self.size.width, self.rich_style)
        strip, self._cells, self._overflow = draw(
            self._offer, self._get_look(), self.size.width, self._scroll_x, self._hovered)
        self._scroll_x = min(self._scroll_x, self._overflow)  # as Textual clamps a scroll
        return strip

    # -- the mouse -----------------------------------------------------------------------------
    def _key_at(self, x: int) -> OfferedKey | None:
        index = self._cells[x] if 0 <= x < len(self._cells) else None
        return None if index is None else self.keys[index]

    def _hover(self, x: int | None) -> None:
        index = self._cells[x] if x is not None and 0 <= x < len(self._cells) else None
        if index != self._hovered:
            self._hover_key(index)
            self.refresh()

    def _hover_key(self, index: int | None) -> None:
        self._hovered = index
        self.set_class(index is not None, "-over-key")
        tooltip = None if index is None else self.keys[index].tooltip
        self.tooltip = tooltip or None  # as FooterKey: an empty tooltip is none

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(event.x)

    def on_leave(self, event: events.Leave) -> None:
        self._hover(None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """As a click on Textual's FooterKey: press its key, or ring if it is disabled."""
        key = self._key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._scroll_by(event, int(self.app.scroll_sensitivity_x))

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._scroll_by(event, -int(self.app.scroll_sensitivity_x))

    def _scroll_by(self, event: events.MouseEvent, cells: int) -> None:
        scroll_x = min(max(0, self._scroll_x + cells), self._overflow)
        if scroll_x != self._scroll_x:
            self._scroll_x = scroll_x
            self.refresh()
            event.stop()
            event.prevent_default()
