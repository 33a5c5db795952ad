"""My caseload: the follow-ups due on my episodes, soonest first, and my open episodes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from mrss_tui.domain.episodes import CaseloadFollowup, EpisodeRow
from mrss_tui.domain.records import episode_ref
from mrss_tui.screens.base import MrssScreen
from mrss_tui.widgets.episode_format import due_text, kind_text, phase_badge
from mrss_tui.widgets.risk_text import risk_summary_text
from mrss_tui.workflow.episodes import my_caseload
from mrss_tui.widgets.safe import SafeTable


class CaseloadScreen(MrssScreen):
    nav_id = "caseload"
    CSS_PATH = "episodes.tcss"
    BINDINGS = [
        Binding("tab", "app.focus_next", "Next list", show=False, id="caseload.next"),
        Binding("enter", "open", "Open", show=False, id="caseload.open",
                tooltip="Open the episode of the selected row"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.followups: list[CaseloadFollowup] = []
        self.episodes: list[EpisodeRow] = []

    def compose_body(self) -> ComposeResult:
        yield Static(id="caseload-due-title", classes="list-title")
        yield SafeTable(id="caseload-due", cursor_type="row", zebra_stripes=True)
        yield Static(id="caseload-episodes-title", classes="list-title")
        yield SafeTable(id="caseload-episodes", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        due = self.query_one("#caseload-due", DataTable)
        due.add_column("Due", key="due", width=17)
        due.add_column("Follow-up", key="kind", width=14)
        due.add_column("Episode", key="ref", width=7)
        due.add_column("Town", key="town", width=16)
        episodes = self.query_one("#caseload-episodes", DataTable)
        episodes.add_column("Episode", key="ref", width=7)
        episodes.add_column("Phase", key="phase", width=15)
        episodes.add_column("Town", key="town", width=12)
        episodes.add_column("Risk", key="risk", width=17)
        episodes.add_column("Next due", key="next", width=17)
        super().on_mount()

    def first_read(self):
        """My episodes and follow-ups (screens/read_ahead.py)."""
        return my_caseload, self.show_caseload

    def refresh_data(self) -> None:
        self.run_db(my_caseload, self.show_caseload, group="caseload")

    def show_caseload(self, result: tuple[list[EpisodeRow], list[CaseloadFollowup]]) -> None:
        self.episodes, self.followups = result
        now, zone = self.session.now(), self.session.config.zone
        due = self.query_one("#caseload-due", SafeTable)
        keep = due.cursor_row
        with due.filling():
            due.clear()
            for f in self.followups:
                due.add_row(due_text(f.due_at, now, zone), kind_text(f.kind, f.note),
                            episode_ref(f.episode_id), f.town or "-", key=f"f{f.id}")
            if not self.followups:
                due.add_row(Text("Nothing due.", style="dim"), "", "", "")
        due.move_cursor(row=min(keep, max(due.row_count - 1, 0)))
        overdue = sum(1 for f in self.followups if f.due_at < now)
        self.query_one("#caseload-due-title", Static).update(Text.assemble(
            ("My follow-ups", "bold"), f"  {len(self.followups)} to do",
            (f", {overdue} OVERDUE", "bold red") if overdue else ""))
        episodes = self.query_one("#caseload-episodes", SafeTable)
        with episodes.filling():
            episodes.clear()
            for e in self.episodes:
                episodes.add_row(episode_ref(e.id), phase_badge(e.phase), e.town or "-",
                                 risk_summary_text(e.risk, zone, short=True),
                                 due_text(e.next_due_at, now, zone), key=f"e{e.id}")
            if not self.episodes:
                episodes.add_row("", Text("No open episodes.", style="dim"), "", "", "")
        self.query_one("#caseload-episodes-title", Static).update(Text.assemble(
            ("My open episodes", "bold"), f"  {len(self.episodes)}"))

    def action_open(self) -> None:
        from mrss_tui.screens.episode import EpisodeScreen

        table = self.focused if isinstance(self.focused, DataTable) else None
        if table is None:
            return
        rows = self.followups if table.id == "caseload-due" else self.episodes
        if 0 <= table.cursor_row < len(rows):
            item = rows[table.cursor_row]
            episode_id = item.episode_id if isinstance(item, CaseloadFollowup) else item.id
            self.app.push_screen(EpisodeScreen(episode_id))

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open()

