"""Pieces the directory and Refer screens share: the results table and the detail text."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from rich.text import Text
from mrss_tui.widgets.safe import SafeTable

from mrss_tui.domain.directory import (
    ServiceDetail,
    ServiceSummary,
    age_range_text,
    format_hours,
    is_open,
    is_stale,
    verified_text,
)
from mrss_tui.domain.enums import ServiceStatus, label


def status_text(summary: ServiceSummary, now: datetime) -> Text:
    """Status and staleness in words (colour only repeats what the words say)."""
    if summary.status is ServiceStatus.TEMPORARILY_CLOSED:
        return Text("Closed", style="bold red")
    if summary.status is not ServiceStatus.ACTIVE:
        return Text(label(summary.status.value), style="bold red")
    if is_stale(summary.last_verified_at, now):
        return Text("STALE", style="bold yellow")
    return Text("ok", style="green")


EMPTY_ROW = "__empty__"


NAME_WIDTH = 25
TOWN_WIDTH = 12


def _fit(name: str, width: int) -> str:
    """Shorten a long name at word boundaries, never mid-word, keeping what tells similar names
    apart: the part after the last " - " ("Family support and… - Prairie")."""
    if len(name) <= width:
        return name
    head, dash, tail = name.rpartition(" - ")
    if dash and len(tail) + 3 + 10 <= width:  # room for a useful start of the name too
        return _words(head, width - len(tail) - 3) + " - " + tail
    return _words(name, width)


def _words(text: str, width: int) -> str:
    """As many whole words as fit in ``width`` with an ellipsis; a single long word is cut."""
    kept = ""
    for word in text.split():
        candidate = f"{kept} {word}" if kept else word
        if len(candidate) + 1 > width:
            break
        kept = candidate
    return (kept or text[: width - 1]).rstrip(" ,-") + "…"


def _ages(service: ServiceSummary) -> str:
    text = age_range_text(service.minimum_age, service.maximum_age)
    return "any" if text == "all ages" else text


class ServiceTable(SafeTable):
    """Services, one per row, keyed by service id."""

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self.add_column("Service", key="name", width=NAME_WIDTH)
        self.add_column("Town", key="city", width=TOWN_WIDTH)
        self.add_column("Phone", key="phone", width=14)
        self.add_column("Ages", key="ages", width=5)
        self.add_column("Status", key="status", width=8)

    _shown: list[tuple[Any, ...]] | None = None  # the rows last drawn, key last

    def show(self, services: list[ServiceSummary], now: datetime, empty: str, *,
             keep_if_same: bool = False) -> None:
        """``keep_if_same``: rows the same as those drawn are left as they are (a refresh
        that changed nothing: no rebuild, no redraw, no highlight event, the cursor stays)."""
        rows: list[tuple[Any, ...]] = [
            (_fit(service.name, NAME_WIDTH), _fit(service.city, TOWN_WIDTH), service.phone,
             _ages(service), status_text(service, now), service.id) for service in services]
        if not services:
            rows = [(Text(empty, style="dim"), "", "", "", "", EMPTY_ROW)]
        if keep_if_same and rows == self._shown:
            return
        self._shown = rows
        keep = self.cursor_row
        with self.filling():
            self.clear()
            for *cells, key in rows:
                self.add_row(*cells, key=key)
        self.move_cursor(row=min(keep, max(self.row_count - 1, 0)))

    @property
    def selected_id(self) -> str | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return None if key == EMPTY_ROW else key


def detail_text(detail: ServiceDetail, now: datetime, zone: ZoneInfo) -> Text:
    """Everything a coordinator reads out to a family, stale warning first."""
    summary = detail.summary
    text = Text()
    text.append(summary.name, style="bold")
    text.append(f"\n{summary.organization}\n", style="dim")
    if summary.status is not ServiceStatus.ACTIVE:
        text.append(f"Status: {label(summary.status.value)}\n", style="bold red")
    stale = is_stale(summary.last_verified_at, now)
    said = verified_text(summary.last_verified_at, now)
    text.append(said[0].upper() + said[1:]
                + (f" by {detail.verified_by}" if detail.verified_by else "")
                + (" - check before referring" if stale else "") + "\n",
                style="bold yellow" if stale else "green")
    opened = "open now" if is_open(summary.hours, now.astimezone(zone)) else "closed now"
    rows = [
        ("Phones", "; ".join(p.number + (f" ext. {p.extension}" if p.extension else "")
                             + (f" ({p.type})" if p.type else "") for p in detail.phones) or "none listed"),
        ("Hours", (format_hours(summary.hours) or "not listed") + f"  [{opened}]"),
        ("Address", "\n         ".join(a.one_line() for a in detail.addresses) or "none listed"),
        ("Ages", age_range_text(summary.minimum_age, summary.maximum_age)),
        ("Counties", ", ".join(summary.counties) or "not stated"),
        ("Category", ", ".join(summary.category_names) or "none"),
        ("Language", ", ".join(detail.languages) or "not stated"),
        ("Eligible", detail.eligibility_description),
        ("Fees", detail.fees_description),
        ("Apply", detail.application_process),
        ("Web", detail.url),
    ]
    for name, value in rows:
        if value:
            text.append(f"{name:<9}", style="bold")
            text.append(f"{value}\n")
    if detail.description:
        text.append(f"\n{detail.description}\n")
    return text
