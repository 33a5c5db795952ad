"""The one rule for showing stored text: it is data, never markup and never terminal control.

Every widget that shows a stored or typed string goes through here: ``plain`` makes a Rich
``Text`` (no markup parsing) with control characters removed; ``SafeTable`` applies it to every
DataTable cell; ``safe_notify`` to toasts. Text the program itself writes (labels, key hints)
may still use markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.text import Text
from textual.widgets import DataTable

from mrss_tui.domain.plain_text import strip_controls


def plain(value: object, style: str = "") -> Text:
    """A stored value as literal text: ``[bold]`` stays ``[bold]``, ESC sequences are removed."""
    if isinstance(value, Text):
        return clean(value)
    return Text(strip_controls("" if value is None else str(value)), style=style)


def clean(text: Text) -> Text:
    """A Text built elsewhere (e.g. ``Text.assemble`` of stored strings) without control
    characters; spans are kept when nothing had to be removed."""
    stripped = strip_controls(text.plain)
    if stripped == text.plain:
        return text
    return Text(stripped, style=text.style)


def _cell(value: Any) -> Any:
    if isinstance(value, str | Text):
        return plain(value)
    return value


class SafeTable(DataTable):
    """A DataTable whose string cells are shown literally (DataTable parses str as markup)."""

    def add_row(self, *cells: Any, **kwargs: Any):  # type: ignore[override]
        return super().add_row(*(_cell(c) for c in cells), **kwargs)

    def add_rows(self, rows: Iterable[Iterable[Any]]):  # type: ignore[override]
        return super().add_rows([[_cell(c) for c in row] for row in rows])

    def update_cell(self, row_key: Any, column_key: Any, value: Any,  # type: ignore[override]
                    **kwargs: Any) -> None:
        super().update_cell(row_key, column_key, _cell(value), **kwargs)
