"""A form's scrolling box whose focus restyles the box alone.

The box takes the focus (arrow keys scroll it; enter on the last field comes to rest on it), and
Textual restyles a widget *and everything inside it* when its focus changes: for the intake form
that is every field, 35-45 ms each time the box gains or loses the focus (twice as the form
opens, twice around recording). No style of Textual's or ours depends on the focus of a box
around a widget (fields are styled by their own :focus; :focus-within is updated by Textual
separately), so the box's own styles are all that can change.
"""

from __future__ import annotations

from textual.containers import VerticalScroll


class FormScroll(VerticalScroll):
    def watch_has_focus(self, _has_focus: bool) -> None:
        self.app.stylesheet.update_nodes([self], animate=True)
