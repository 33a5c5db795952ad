"""The board: open calls, teams on the road with their response clocks, episodes by phase,
alerts. Lists are read page-sized from SQL (never a whole table)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from mrss_tui.domain.deadlines import response_clock
from mrss_tui.domain.enums import DispatchStatus, label
from mrss_tui.domain.board_rows import BoardSummary
from mrss_tui.domain.records import call_ref
from mrss_tui.domain.phone_actions import status_with_channel
from mrss_tui.screens.base import MrssScreen
from mrss_tui.widgets.board_stats import fitted_stats, stats_line
from mrss_tui.widgets.format import acuity_text, clock_text
from mrss_tui.widgets.quiet import show_if_changed
from mrss_tui.widgets.risk_text import risk_summary_text
from mrss_tui.widgets.safe import SafeTable, plain
from mrss_tui.workflow.board import BOARD_ROWS, board_summary

REPLICA_EVERY_SECONDS = 10.0


def short_names(team: str) -> str:
    """'Ada Elm, Devon Lark' -> 'A. Elm, D. Lark': the team fits an 80-column board."""
    people = [p.strip() for p in team.split(",") if p.strip()]
    return ", ".join(f"{p.split()[0][0]}. {' '.join(p.split()[1:])}" if " " in p else p
                     for p in people)


def _same_board(new: BoardSummary, old: BoardSummary | None) -> bool:
    """The same figures and rows (another session's write elsewhere changes only the version)."""
    return old is not None and new._replace(data_version=0) == old._replace(data_version=0)


class BoardScreen(MrssScreen):
    nav_id = "board"
    BINDINGS = [
        Binding("tab", "app.focus_next", "Next list", show=False, id="board.next"),
        Binding("ctrl+r", "reload", "Reload", show=False, id="board.reload",
                tooltip="Read the board again now (it also refreshes by itself)"),
        Binding("n", "app.go('intake')", "New call", id="board.new_call", show=False,
                tooltip="Take a new call (same as F2)"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.summary: BoardSummary | None = None
        self._stats_width = -1  # the width the figures line was last fitted to

    def compose_body(self) -> ComposeResult:
        yield Static(id="board-stats")  # one line of figures (widgets/board_stats.py)
        yield Static(id="board-alert")
        if self.session.config.replica.url:  # built (and its modules read) only if replicated
            from mrss_tui.widgets.replica_line import ReplicaLine

            yield ReplicaLine(id="board-replica")
        # The lists sit on the screen itself, not in a container of their own (app.tcss).
        yield Static("Teams on the road", classes="list-title", id="teams-title")
        yield SafeTable(id="teams", cursor_type="row", zebra_stripes=True)
        yield Static("Open calls", classes="list-title", id="calls-title")
        yield SafeTable(id="calls", cursor_type="row", zebra_stripes=True)

    # Fixed widths: the tables are refilled every few seconds and must not jump about.
    # Risk (in words) replaces acuity here: it must never be out of sight (acuity is on the
    # dispatch view).
    TEAM_COLUMNS = (("Call", "call", 7), ("Town", "town", 10), ("Status", "status", 11),
                    ("Response", "clock", 15), ("Risk", "risk", 17), ("Team", "team", 30))
    CALL_COLUMNS = (("Call", "call", 7), ("At", "at", 5), ("Line", "line", 7),
                    ("Town", "town", 12), ("Risk", "risk", 17), ("Acuity", "acuity", 8),
                    ("Taken by", "by", 10))

    def on_mount(self) -> None:
        for table_id, columns in (("#teams", self.TEAM_COLUMNS), ("#calls", self.CALL_COLUMNS)):
            table = self.query_one(table_id, DataTable)
            for title, key, width in columns:
                table.add_column(Text(title), key=key, width=width)  # not markup
        super().on_mount()
        self.set_interval(5.0, self._tick_clocks)
        if self.session.config.replica.url:  # its age changes without any write
            self.set_interval(REPLICA_EVERY_SECONDS, self._refresh_replica)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a team opens its dispatch: status, acknowledgements, pages."""
        if event.data_table.id != "teams" or event.row_key.value is None:
            return
        from mrss_tui.screens.dispatch import DispatchModal

        self.app.push_screen(DispatchModal(int(event.row_key.value)))

    def action_reload(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        first = self.app.take_first_board() if self.summary is None else None  # type: ignore[attr-defined]
        if first is not None:  # read before the app started: the first frame shows it
            self.show_summary(first)
            return
        self.run_db(lambda s: board_summary(s, BOARD_ROWS), self.show_summary, group="board")
        self._refresh_replica()

    def _refresh_replica(self) -> None:
        if self.session.config.replica.url:
            from mrss_tui.widgets.replica_line import ReplicaLine
            from mrss_tui.workflow.replica import board_replica_health

            self.run_db(board_replica_health, self.query_one(ReplicaLine).show,
                        group="board-replica")

    def show_summary(self, summary: BoardSummary) -> None:
        first = self.summary is None
        if not first and _same_board(summary, self.summary):
            return  # nothing to redraw: an idle board sends nothing over a slow link
        self.summary = summary
        if first:
            self._offer_unfinished_intake_after_the_frame()
        self._stats(summary)
        self._fill_teams(summary)
        self._fill_calls(summary)

    def _stats(self, summary: BoardSummary) -> None:
        alerts = summary.alerts
        self._stats_width = self.size.width
        figures = fitted_stats(summary, self.size.width or 80)
        show_if_changed(self.query_one("#board-stats", Static), stats_line(figures))
        top = alerts.most_urgent
        banner = self.query_one("#board-alert", Static)
        if top is None:
            banner.update(Text("No open alerts.", style="dim"))
            banner.remove_class("urgent")
        else:
            banner.update(plain(Text.assemble(("! ", "bold"), (top.message, "bold"),
                                              (f"  ({label(top.severity)})", "dim"))))
            banner.set_class(top.severity.value == "urgent", "urgent")

    def _clock(self, row) -> Text:
        response = self.session.config.response
        clock = response_clock(row.received_at, self.session.now(),
                               target_minutes=response.target_minutes,
                               warn_minutes=response.warn_minutes, arrived_at=row.arrived_at)
        return clock_text(clock)

    def _fill_teams(self, summary: BoardSummary) -> None:
        table = self.query_one("#teams", SafeTable)
        keep = table.cursor_row
        zone = self.session.config.zone
        with table.filling():
            table.clear()
            for row in summary.dispatches:
                awaiting = row.status is DispatchStatus.AWAITING
                status = Text("AWAITING", style="bold reverse yellow") if awaiting else \
                    Text(status_with_channel(label(row.status),
                                             summary.phone_answers.get(row.id)))
                team = Text("NOBODY PAGED", style="bold") if awaiting else \
                    Text(short_names(row.team) or "-")
                table.add_row(call_ref(row.call_id), row.town, status, self._clock(row),
                              risk_summary_text(row.risk, zone, short=True), team,
                              key=str(row.id))
            if not summary.dispatches:
                table.add_row("", Text("No team is out.", style="dim"), "", "", "", "")
        more = summary.dispatches_total - len(summary.dispatches)
        title = "Teams on the road" + (f"  (+{more} more)" if more > 0 else "")
        self.query_one("#teams-title", Static).update(title)
        table.move_cursor(row=min(keep, max(table.row_count - 1, 0)))

    def _fill_calls(self, summary: BoardSummary) -> None:
        table = self.query_one("#calls", SafeTable)
        keep = table.cursor_row
        zone = self.session.config.zone
        with table.filling():
            table.clear()
            for row in summary.open_calls:
                table.add_row(call_ref(row.id), self.local(row.received_at), label(row.line),
                              row.town, risk_summary_text(row.risk, zone, short=True),
                              acuity_text(row.acuity), row.taken_by, key=str(row.id))
            if not summary.open_calls:
                table.add_row("", "", "", Text("No open calls.", style="dim"), "", "", "")
        more = summary.open_calls_total - len(summary.open_calls)
        title = "Open calls" + (f"  (+{more} more)" if more > 0 else "")
        self.query_one("#calls-title", Static).update(title)
        table.move_cursor(row=min(keep, max(table.row_count - 1, 0)))

    def on_resize(self) -> None:
        # Only a new width changes which figures fit (the start sends several resizes).
        if self.summary is not None and self.size.width != self._stats_width:
            self._stats(self.summary)

    def _offer_unfinished_intake_after_the_frame(self) -> None:
        """The check for a call left unfinished (it may open intake) starts once the first
        frame with data is out: its module's import and its worker's connection held that
        frame back. Keys typed meanwhile wait for it from now, as when it started here."""
        app = self.app
        held = app.keys.hold(here=True)  # type: ignore[attr-defined]

        def offer() -> None:
            try:
                self._offer_unfinished_intake()
            finally:
                app.keys.release(held)  # type: ignore[attr-defined]

        app.after_first_frame(lambda: self.call_after_refresh(offer))  # type: ignore[attr-defined]

    def _offer_unfinished_intake(self) -> None:
        from mrss_tui.screens.intake_dialogs import offer_unfinished_intake

        offer_unfinished_intake(self)

    def _tick_clocks(self) -> None:
        """Advance the response clocks without touching the database."""
        if self.summary is None:
            return
        table = self.query_one("#teams", DataTable)
        for row in self.summary.dispatches:
            clock = self._clock(row)
            if table.get_cell(str(row.id), "clock") != clock:  # minutes: changes once a minute
                table.update_cell(str(row.id), "clock", clock)

