"""The one rule for showing stored text: it is data, never markup and never terminal control.

Every widget that shows a stored or typed string goes through here: ``plain`` makes a Rich
``Text`` (no markup parsing) with control characters removed; ``SafeTable`` applies it to every
DataTable cell; ``safe_notify`` to toasts. Text the program itself writes (labels, key hints)
may still use markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
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
    """A DataTable whose string cells are shown literally (DataTable parses str as markup),
    and whose every frame is drawn with its columns sized to its cells.

    DataTable sizes its columns (and its scrollable height) only when idle: a frame drawn
    before that showed header-wide columns over cut cells and a stale scroll bar, and the rows
    drawn in it stayed in its render caches until its Resize was handled, so a later frame (or
    a snapshot, under load) could still show cut cells under a column already wide. Here each
    change is measured at once, before any frame can be drawn, so no line is ever drawn (or
    cached) with old widths and the idle step finds nothing left to do.

    Measuring re-lists every row, so a loop of n ``add_row`` costs n²: a screen that refills
    a table does it inside ``with table.filling():``, measured once on leaving.
    """

    _filling = False

    @contextmanager
    def filling(self) -> Iterator[SafeTable]:
        """Changes made inside are measured once, on leaving. Nothing inside may await: a
        frame drawn there would show the rows not yet measured."""
        outer, self._filling = self._filling, True
        try:
            yield self
        finally:
            self._filling = outer
            self._measured()

    def add_row(self, *cells: Any, **kwargs: Any):  # type: ignore[override]
        key = super().add_row(*(_cell(c) for c in cells), **kwargs)
        self._measured()
        return key

    def add_rows(self, rows: Iterable[Iterable[Any]]):  # type: ignore[override]
        with self.filling():
            return super().add_rows([[_cell(c) for c in row] for row in rows])

    def update_cell(self, row_key: Any, column_key: Any, value: Any,  # type: ignore[override]
                    **kwargs: Any) -> None:
        super().update_cell(row_key, column_key, _cell(value), **kwargs)
        self._measured()

    def clear(self, columns: bool = False):  # type: ignore[override]
        super().clear(columns)
        self._measured()
        return self

    def remove_row(self, row_key: Any) -> None:  # type: ignore[override]
        super().remove_row(row_key)
        self._measured()

    def add_column(self, label: Any, **kwargs: Any):  # type: ignore[override]
        key = super().add_column(label, **kwargs)
        self._measured()
        return key

    def remove_column(self, column_key: Any) -> None:  # type: ignore[override]
        super().remove_column(column_key)
        self._measured()

    def _measured(self) -> None:
        if not self._filling:
            self._measure()

    def _measure(self) -> None:
        """What DataTable's idle step (``_on_idle``) does, done now: widen (or narrow) the
        columns for updated cells, size them to the new rows and set the scrollable size.
        Private parts of Textual 8's DataTable, read with getattr: a Textual without them
        sizes the table when idle, as before. No cached line needs dropping: every change above
        moves DataTable's cache key (``_update_count``) on, or empties its caches, itself, and
        no frame comes between it and this measure."""
        updated = getattr(self, "_updated_cells", None)
        widen = getattr(self, "_update_column_widths", None)
        if updated and widen is not None:
            cells = updated.copy()
            updated.clear()
            widen(cells)
        update = getattr(self, "_update_dimensions", None)
        if update is None or not getattr(self, "_require_update_dimensions", False):
            return
        self._require_update_dimensions = False
        rows = self._new_rows.copy()
        self._new_rows.clear()
        update(rows)
