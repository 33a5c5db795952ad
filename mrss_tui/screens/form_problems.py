"""A failed save says what is wrong, in words, next to the field - on every form.

Workflow functions report problems by their own field names (``staff_id``) with pydantic's
wording ("Field required"). ``show_problems`` turns each into the field's label as the screen
shows it and an instruction ("Staff: choose one from the list"), writes it on a line right below
the field, moves the focus to the first problem field and scrolls it into view, so the problem
is never drawn off-screen where ctrl+s seems to do nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from textual.containers import Horizontal
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Label, Select, SelectionList, Static

from mrss_tui.widgets.safe import plain

from mrss_tui.errors import ValidationFailed

PROBLEM_CLASS = "field-problem"

_PLAIN = [
    (re.compile(r"^Field required$"), None),  # depends on the widget: see _instruction
    (re.compile(r"^List should have at least 1 item"), "tick at least one"),
    (re.compile(r"^Input should be a valid (integer|number)"), "type a whole number"),
    (re.compile(r"^Input should be greater than or equal to (\S+)"), "must be {0} or more"),
    (re.compile(r"^Input should be less than or equal to (\S+)"), "must be {0} or less"),
    (re.compile(r"^String should have at least 1 character"), "fill this in"),
    (re.compile(r"^String should have at most (\d+) characters"), "at most {0} characters"),
    (re.compile(r"^Input should be a valid datetime"), "write the time as YYYY-MM-DD HH:MM"),
    (re.compile(r"^Input should be '.*'"), "choose one from the list"),
]


def _instruction(message: str, widget: Widget | None) -> str:
    for pattern, wording in _PLAIN:
        found = pattern.match(message)
        if found:
            if wording is None:
                choosing = isinstance(widget, (Select, SelectionList))
                return "choose one from the list" if choosing else "fill this in"
            return wording.format(*found.groups())
    return message


def row_and_label(widget: Widget, fallback: str) -> tuple[Widget, str]:
    """The line that holds the field and the label the screen shows for it: the Label in its
    row, or the Label just above it, or its title (a folded section), else ``fallback``."""
    parent = widget.parent
    if isinstance(parent, Horizontal):
        label = next((c for c in parent.children if isinstance(c, Label)), None)
        if label is not None:
            return parent, _text(label)
    if parent is not None:
        siblings = list(parent.children)
        before = siblings[: siblings.index(widget)] if widget in siblings else []
        if before and isinstance(before[-1], Label):
            return widget, _text(before[-1])
    title = getattr(widget, "title", None)
    if isinstance(title, str) and title:
        return widget, title.split(" - ")[0].split(" (")[0]
    return widget, fallback


def _text(label: Label) -> str:
    return str(label.render()).split(" (")[0].strip().rstrip(":")


def clear_problems(screen: Screen) -> None:
    for old in screen.query(f".{PROBLEM_CLASS}"):
        old.remove()


def show_problems(screen: Screen, exc: ValidationFailed,
                  fields: Mapping[str, str]) -> str:
    """Show each problem below its field; focus the first (in the form's order). ``fields`` maps
    a workflow field name to the widget selector. Returns a one-line summary in screen words."""
    clear_problems(screen)
    placed: list[tuple[Widget, Widget, str]] = []
    loose: list[str] = []
    for name, message in exc.problems.items():
        selector = fields.get(name)
        widget = screen.query(selector).first() if selector and screen.query(selector) else None
        line = _instruction(message, widget)
        if widget is None:
            loose.append(line)
            continue
        row, label = row_and_label(widget, name.replace("_", " "))
        placed.append((widget, row, f"{label}: {line}"))
    order = {id(w): i for i, w in enumerate(screen.query("*").results())}
    placed.sort(key=lambda item: order.get(id(item[0]), 0))
    for _widget, row, line in placed:
        note = Static(plain(f"  ! {line}", style="bold"), classes=PROBLEM_CLASS)
        row.parent.mount(note, after=row)  # type: ignore[union-attr]
    if placed:
        first, row, _line = placed[0]
        _open_section(first)
        target = first if first.focusable else next(
            (w for w in first.query("*").results() if w.focusable), first)
        target.focus()
        screen.call_after_refresh(row.scroll_visible)
    lines = [line for _w, _r, line in placed] + loose
    if not exc.problems:
        lines = [str(exc)]
    return "; ".join(lines)


def _open_section(widget: Widget) -> None:
    """A problem inside a folded section (the medical screen) unfolds it."""
    for ancestor in widget.ancestors_with_self:
        if hasattr(ancestor, "collapsed") and getattr(ancestor, "collapsed"):
            ancestor.collapsed = False  # type: ignore[attr-defined]
