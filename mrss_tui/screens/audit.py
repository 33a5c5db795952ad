"""The supervisor's audit viewer: who did or looked at what, filtered by person, staff and day,
read a page at a time from SQL (the log grows forever; never load it whole)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Static

from mrss_tui.domain.access import AuditFilter, AuditPage, AuditRow
from mrss_tui.errors import MrssError
from mrss_tui.screens.base import MrssScreen
from mrss_tui.workflow.access import audit_page, parse_audit_filter
from mrss_tui.widgets.safe import SafeTable

FILTERS = (("person", "Person #/name"), ("staff", "Staff login"),
           ("day_from", "From YYYY-MM-DD"), ("day_to", "To YYYY-MM-DD"))


class AuditScreen(MrssScreen):
    nav_id = "audit"
    # Costly to build on the key (four filters and a page of the log):
    # mounted, filled and drawn in idle time (screens/premount.py).
    build_ahead = True
    CSS_PATH = "audit.tcss"
    BINDINGS = [
        Binding("ctrl+n", "page(1)", "Next page", id="audit.next", tooltip="Older entries"),
        Binding("ctrl+b", "page(-1)", "Prev page", id="audit.prev", tooltip="Newer entries"),
        Binding("ctrl+f", "focus_filters", "Filter", id="audit.filter",
                tooltip="Type in the filters; enter applies them"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.wanted = AuditFilter()
        self.recorded_search: AuditFilter | None = None  # the last search written to the log
        self.searching = False
        self.page = 0
        self.shown: AuditPage | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="audit-filters"):
            for field, hint in FILTERS:
                yield Input(placeholder=hint, id=f"a-{field}", classes="audit-filter")
        yield Static("", id="audit-status")
        yield SafeTable(id="audit-rows", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one("#audit-rows", DataTable)
        table.add_column("When", key="at", width=14)
        table.add_column("Staff", key="actor", width=10)
        table.add_column("Did", key="action", width=14)
        table.add_column("Person", key="person", width=14)
        table.add_column("Detail", key="detail")
        super().on_mount()
        table.focus()

    def first_read(self):
        """The newest page, not recorded: the visit's own read records the viewing, as
        before (screens/read_ahead.py)."""
        wanted = self.wanted
        return (lambda s: audit_page(s, wanted, 0, record=False)), self.show_page

    def refresh_data(self) -> None:
        wanted, page = self.wanted, self.page
        # Reading the log is itself recorded: once per search, not on every refresh (our own
        # record would otherwise come back as "another session wrote" and record again).
        record = page == 0 and wanted != self.recorded_search
        if record:
            self.recorded_search = wanted
            self.searching = True
        elif self.searching and page == 0:
            return  # the search under way brings a newer first page than this refresh would

        def work(session):
            try:
                return audit_page(session, wanted, page, record=record)
            finally:  # also on an error: later refreshes must not wait for this search
                if record:
                    self.app.call_from_thread(self._search_done)

        self.run_db(work, self.show_page, group="audit")

    def _search_done(self) -> None:
        self.searching = False

    def on_input_submitted(self) -> None:
        try:
            self.wanted = parse_audit_filter(
                **{field: self.query_one(f"#a-{field}", Input).value for field, _ in FILTERS})
        except MrssError as exc:
            self.app.notify_error(exc)  # type: ignore[attr-defined]
            return
        self.page = 0
        self.refresh_data()

    def action_page(self, step: int) -> None:
        if self.shown is None or (step > 0 and not self.shown.has_more) or self.page + step < 0:
            self.app.bell()
            return
        self.page += step
        self.refresh_data()

    def action_focus_filters(self) -> None:
        self.query_one("#a-person", Input).focus()

    def show_page(self, page: AuditPage) -> None:
        self.shown = page
        table = self.query_one("#audit-rows", SafeTable)
        keep = table.cursor_row
        zone = self.session.config.zone
        with table.filling():
            table.clear()
            for row in page.rows:
                table.add_row(row.at.astimezone(zone).strftime("%y-%m-%d %H:%M"), row.actor,
                              row.action, _person(row), _detail(row), key=str(row.id))
        table.move_cursor(row=min(keep, max(table.row_count - 1, 0)))
        self.query_one("#audit-status", Static).update(_status(page))


def _person(row: AuditRow) -> str:
    if row.person_id is None:
        return ""
    return f"#{row.person_id} {row.person_name or '(unnamed)'}"


def _detail(row: AuditRow) -> str:
    shown = {k: v for k, v in row.detail.items() if k not in ("before", "after")}
    changed = sorted(row.detail.get("after") or {})
    text = f"{row.entity} {row.entity_id}".strip()
    if changed:
        text += " · " + ", ".join(changed)
    if shown:
        text += " · " + ", ".join(f"{k}={v}" for k, v in sorted(shown.items()))
    return text


def _status(page: AuditPage) -> Text:
    if not page.rows:
        words = "No audit entries match." if page.page == 0 else "No more entries."
        if page.person_matches == 0:
            words = "No person matches that name or number."
        return Text(words, style="dim")
    last = page.first_row_number + len(page.rows) - 1
    more = "  ctrl+n older" if page.has_more else ""
    back = "  ctrl+b newer" if page.page > 0 else ""
    return Text.assemble((f"Entries {page.first_row_number}-{last}", "bold"),
                         ", newest first.", (more + back, "dim"))

