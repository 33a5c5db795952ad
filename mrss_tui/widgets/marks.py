"""Ticks that read without colour: Textual draws the same "X" for on and off and tells them
apart only by colour, which NO_COLOR, a 16-colour terminal or a tired eye loses. These draw
"X" when ticked and a blank when not, whatever the colours."""

from __future__ import annotations

from typing import Generic, TypeVar

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.widgets import Checkbox, SelectionList
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist

ON, OFF = "X", " "
SelectionType = TypeVar("SelectionType")


class MarkedCheckbox(Checkbox):
    @property
    def _button(self) -> Content:
        # As ToggleButton._button draws it, with the inside showing the value.
        button_style = self.get_visual_style("toggle--button")
        side_style = Style(foreground=button_style.background,
                           background=self.background_colors[1])
        return Content.assemble((self.BUTTON_LEFT, side_style),
                                (ON if self.value else OFF, button_style),
                                (self.BUTTON_RIGHT, side_style))


class MarkedSelectionList(SelectionList[SelectionType], Generic[SelectionType]):
    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        _, scroll_y = self.scroll_offset
        try:
            selection = self.get_option_at_index(scroll_y + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        if len(segments) > 1 and segments[1].text == ToggleButton.BUTTON_INNER:
            mark = ON if selection.value in self._selected else OFF
            segments[1] = Segment(mark, segments[1].style, segments[1].control)
            return Strip(segments, strip.cell_length)
        return strip
