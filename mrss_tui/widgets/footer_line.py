"""The footer's keys as one line: which keys, in which order, and how each is drawn.

``keys_on_offer`` is Textual's ``Footer.compose`` without the widgets: the bindings shown,
combined by action, grouped by their binding group, and the command palette's key last.
``draw`` lays them out as Textual's horizontal layout would lay out one ``FooterKey`` widget
each (margins of neighbours collapse to the larger; the palette's key docked at the right
edge, the other keys cut off at its left) and gives the line and where each key lies on it.
Every colour, padding, margin and border comes from the footer's CSS (keys_footer.py); the
layering of backgrounds is ``DOMNode.rich_style``'s, done here once a style instead of once a
widget.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from itertools import groupby
from typing import Any, NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.strip import Strip

PLAIN, GROUPED, PALETTE = "plain", "grouped", "palette"


class OfferedKey(NamedTuple):
    key: str
    display: str  # app.get_key_display(binding)
    description: str
    action: str
    enabled: bool
    tooltip: str
    kind: str = PLAIN  # PLAIN, GROUPED (within a group: no description) or PALETTE


class KeyGroup(NamedTuple):
    keys: tuple[OfferedKey, ...]
    description: str  # drawn after the keys, as Textual's FooterLabel
    compact: bool


def keys_on_offer(app: Any, active_bindings: Any, show_palette: bool) -> tuple[Any, ...]:
    """Footer.compose's keys, each an OfferedKey or a KeyGroup, in its order."""
    by_action: defaultdict[str, list[tuple[Any, bool, str]]] = defaultdict(list)
    for _node, binding, enabled, tooltip in active_bindings.values():
        if binding.show:
            by_action[binding.action].append((binding, enabled, tooltip))
    offer: list[Any] = []
    for group, same_group in groupby(by_action.values(), lambda bindings: bindings[0][0].group):
        firsts = [bindings[0] for bindings in same_group]
        if group is not None and len(firsts) > 1:
            offer.append(KeyGroup(tuple(
                OfferedKey(binding.key, app.get_key_display(binding), "", binding.action,
                           enabled, tooltip or binding.description, GROUPED)
                for binding, enabled, tooltip in firsts), group.description, group.compact))
        else:
            offer.extend(
                OfferedKey(binding.key, app.get_key_display(binding), binding.description,
                           binding.action, enabled, tooltip)
                for binding, enabled, tooltip in firsts)
    if show_palette and app.ENABLE_COMMAND_PALETTE:
        found = active_bindings.get(app.COMMAND_PALETTE_BINDING)
        if found is not None:
            _node, binding, enabled, _tooltip = found
            offer.append(OfferedKey(binding.key, app.get_key_display(binding),
                                    binding.description, binding.action, enabled,
                                    binding.tooltip or binding.description, PALETTE))
    return tuple(offer)


class Look:
    """The footer's styles, layered as Textual layers a widget's over its parents'.

    ``component(name)`` gives the footer's component styles (``Widget.get_component_styles``);
    ``base`` is the footer's own chain (screen, footer) as (background, colour, text style)."""

    def __init__(self, base: tuple[Color, Color, Style],
                 component: Callable[[str], Any], compact: bool) -> None:
        self.base = base
        self.component = component
        self.compact = compact
        self._styles: dict[tuple[str, ...], tuple[Style, Color]] = {}

    def layered(self, *names: str) -> tuple[Style, Color]:
        """The Rich style of ``names`` layered in order over the footer, and its background."""
        if names not in self._styles:
            background, color, style = self.base
            for name in names:
                styles = self.component(name)
                if styles.has_rule("background"):
                    background = background + styles.background.tint(styles.background_tint)
                if styles.has_rule("color"):
                    color = styles.color
                style = style + styles.text_style
            style = style + Style.from_color(
                (background + color).rich_color if (background.a or color.a) else None,
                background.rich_color if background.a else None)
            self._styles[names] = (style, background)
        return self._styles[names]

    def style(self, *names: str) -> Style:
        return self.layered(*names)[0]

    def blank(self) -> Style:
        """Between and after the keys: the footer's background, as Textual leaves it."""
        background = self.base[0]
        return Style(bgcolor=background.rich_color) if background.a else Style()

    def box(self, name: str) -> Any:
        return self.component(f"keys-footer--{name}")


# A piece of the line: its text, its style and the key it belongs to (an index, or None).
Piece = tuple[str, Style, "int | None"]


class Box(NamedTuple):
    pieces: list[Piece]
    margin_left: int
    margin_right: int


def _key_layers(key: OfferedKey, hovered: bool) -> tuple[str, ...]:
    layers = ["keys-footer--hover" if hovered else "keys-footer--item"]
    if not key.enabled:
        layers.append("keys-footer--disabled")
    return tuple(layers)


def _key_text(key: OfferedKey, index: int, look: Look, hovered: bool, compact: bool) -> list[Piece]:
    """FooterKey.render: the key in its padding, then the description in its own."""
    layers = _key_layers(key, hovered)
    key_style = look.style(*layers, "keys-footer--key")
    if not key.description:
        return [(key.display, key_style, index)]
    paddings = "compact-" if compact else ""
    key_pad = look.box(f"{paddings}key").padding
    text_pad = look.box(f"{paddings}description").padding
    return [(" " * key_pad.left + key.display + " " * key_pad.right, key_style, index),
            (" " * text_pad.left + key.description + " " * text_pad.right,
             look.style(*layers, "keys-footer--description"), index)]


def _spaces(count: int, style: Style) -> list[Piece]:
    return [(" " * count, style, None)] if count > 0 else []


def _joined(boxes: list[Box], blank: Style) -> list[Piece]:
    """Boxes side by side, with the larger of two neighbouring margins between them."""
    pieces: list[Piece] = []
    for position, box in enumerate(boxes):
        gap = box.margin_left if position == 0 else max(boxes[position - 1].margin_right,
                                                        box.margin_left)
        pieces += _spaces(gap, blank) + box.pieces
    if boxes:
        pieces += _spaces(boxes[-1].margin_right, blank)
    return pieces


def _group_box(group: KeyGroup, first: int, look: Look, hovered: int | None) -> Box:
    blank = look.blank()
    inner = "compact-grouped" if group.compact else "grouped"
    keys = [Box(_key_text(key, first + n, look, first + n == hovered, True),
                look.box(inner).margin.left, look.box(inner).margin.right)
            for n, key in enumerate(group.keys)]
    outer = look.box("compact-group" if group.compact else "group")
    return Box(_spaces(outer.padding.left, blank) + _joined(keys, blank),
               outer.margin.left, outer.margin.right)


def _label_box(group: KeyGroup, look: Look) -> Box:
    label = look.box("compact-label" if look.compact else "label")
    return Box([(group.description, look.style("keys-footer--label"), None)],
               label.margin.left, label.margin.right)


def _palette_pieces(key: OfferedKey, index: int, look: Look, hovered: bool) -> list[Piece]:
    """The palette's key: compact always (Textual never binds it to the footer's setting),
    with its border on the left and its padding on the right."""
    from textual import _border  # Textual's own border characters (not public)

    box = look.box("compact-palette" if look.compact else "palette")
    layers = _key_layers(key, hovered)
    item_style, item_background = look.layered(*layers)
    inner = Style(bgcolor=item_background.rich_color)
    edge, edge_color = box.border_left
    pieces: list[Piece] = []
    if edge:
        chars = getattr(_border, "BORDER_CHARS")[edge]
        under = look.base[0]  # the background beneath the key: the footer's
        pieces.append((chars[1][0], inner + Style(color=(under + edge_color).rich_color), index))
    pieces += _key_text(key, index, look, hovered, True)
    if box.padding.right:
        pieces.append((" " * box.padding.right, inner, index))
    return pieces + _spaces(box.margin.right, look.blank())


def draw(offer: tuple[Any, ...], look: Look, width: int, scroll_x: int,
         hovered: int | None) -> tuple[Strip, list[int | None], int]:
    """The footer's line at ``width`` cells, the key index under each cell (None between
    keys), and how far the keys (not the palette's) reach past their room."""
    blank = look.blank()
    boxes: list[Box] = []
    palette: list[Piece] = []
    index = 0
    item = look.box("compact-item" if look.compact else "item")
    for entry in offer:
        if isinstance(entry, KeyGroup):
            boxes.append(_group_box(entry, index, look, hovered))
            boxes.append(_label_box(entry, look))
            index += len(entry.keys)
        elif entry.kind == PALETTE:
            palette = _palette_pieces(entry, index, look, index == hovered)
            index += 1
        else:
            boxes.append(Box(_key_text(entry, index, look, index == hovered, look.compact),
                             item.margin.left, item.margin.right))
            index += 1
    room = max(0, width - sum(cell_len(text) for text, _style, _key in palette))
    keys = _joined(boxes, blank)
    keys_strip, keys_cells = _strip(keys)
    overflow = max(0, len(keys_cells) - room)
    scroll_x = min(scroll_x, overflow)
    palette_strip, palette_cells = _strip(palette)
    strip = Strip.join([keys_strip.crop(scroll_x, scroll_x + room).extend_cell_length(room, blank),
                        palette_strip])
    cells = (keys_cells[scroll_x:scroll_x + room] + [None] * room)[:room] + palette_cells
    return strip.crop_pad(width, 0, 0, blank), cells[:width], overflow


def _strip(pieces: list[Piece]) -> tuple[Strip, list[int | None]]:
    """The pieces as a strip, and the key under each of its cells."""
    cells: list[int | None] = []
    for text, _style, key in pieces:
        cells += [key] * cell_len(text)
    return Strip([Segment(text, style) for text, style, _key in pieces if text]), cells
