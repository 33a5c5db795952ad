"""The width a widget is laid out at, for a render() that wraps to it.

A widget of ``height: auto`` is rendered while Textual measures its height. Reading
``self.size`` (or ``content_size``) at that moment asks the compositor where the widget is,
and the compositor, its map out of date mid-layout, arranges the whole screen again to answer:
once for each such field, every frame the layout changes (each focus move of a form). Textual
hands the width to ``get_content_height``; it is kept for render() to use.
"""

from __future__ import annotations

from typing import Any


class LaidOutWidth:
    _laid_out_width = 0  # the content width of the last layout; 0 before the first

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        if width != self._laid_out_width:
            self._laid_out_width = width
            # What render() gave is kept until the next refresh, and it wrapped to the old width
            self._layout_cache.pop("_render.visual", None)  # type: ignore[attr-defined]
        return super().get_content_height(container, viewport, width)  # type: ignore[misc]

    @property
    def wrap_width(self) -> int:
        """The content width (inside padding and border) render() should wrap to."""
        return self._laid_out_width or self.content_size.width  # type: ignore[attr-defined]
