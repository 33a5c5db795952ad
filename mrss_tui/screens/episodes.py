"""Episodes by phase, a page at a time from SQL. Field staff see only the episodes they are on."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from mrss_tui.domain.enums import Phase
from mrss_tui.domain.episodes import EpisodeRow, phase_deadline
from mrss_tui.domain.models import episode_ref
from mrss_tui.screens.base import MrssScreen
from mrss_tui.widgets.episode_format import countdown, due_text, short_when
from mrss_tui.workflow.episodes import EPISODE_COUNT_CAP as COUNT_CAP
from mrss_tui.workflow.episodes import EPISODE_PAGE, list_episodes


class EpisodesScreen(MrssScreen):
    nav_id = "episodes"
    CSS_PATH = "episodes.tcss"
    BINDINGS = [
        Binding("1", "phase('crisis')", "Crisis", id="episodes.crisis",
                tooltip="Episodes in the crisis phase"),
        Binding("2", "phase('stabilization')", "Stabilizing", id="episodes.stabilization",
                tooltip="Episodes in stabilization"),
        Binding("3", "phase('closed')", "Closed", id="episodes.closed", tooltip="Closed episodes"),
        Binding("pagedown,right_square_bracket", "page(1)", "Next page", id="episodes.next",
                show=False, tooltip="The next page of episodes"),
        Binding("pageup,left_square_bracket", "page(-1)", "Prev page", id="episodes.prev",
                show=False, tooltip="The previous page of episodes"),
        Binding("enter", "open", "Open", id="episodes.open", show=False,
                tooltip="Open the selected episode"),
    ]

    def __init__(self, phase: Phase = Phase.CRISIS) -> None:
        super().__init__()
        self.phase = phase
        # Pages follow the last row shown (keyset): ``after`` led to this page, ``back`` holds
        # the rows that led to the pages before it.
        self.after: EpisodeRow | None = None
        self.back: list[EpisodeRow | None] = []
        self.total = 0
        self.rows: list[EpisodeRow] = []

    def compose_body(self) -> ComposeResult:
        yield Static(id="episodes-title", classes="list-title")
        yield DataTable(id="episodes-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Episode", key="ref", width=7)
        table.add_column("Town", key="town", width=13)
        table.add_column("Phase since", key="since", width=12)
        table.add_column("Window/closed", key="window", width=16)
        table.add_column("Next follow-up", key="next", width=17)
        super().on_mount()

    def refresh_data(self) -> None:
        phase, after = self.phase, self.after
        self.run_db(lambda s: list_episodes(s, phase, after), self.show_rows, group="episodes")

    @property
    def page(self) -> int:
        return len(self.back)

    def show_rows(self, result: tuple[list[EpisodeRow], int]) -> None:
        if not result[0] and self.back:  # the page after a full last page: stay on that one
            self.after = self.back.pop()
            self.refresh_data()
            return
        self.rows, self.total = result
        table = self.query_one(DataTable)
        keep = table.cursor_row
        table.clear()
        config, now = self.session.config, self.session.now()
        for row in self.rows:
            table.add_row(episode_ref(row.id), row.town or "-",
                          short_when(row.phase_started_at, config.zone), self._window(row),
                          due_text(row.next_due_at, now, config.zone), key=str(row.id))
        if not self.rows:
            table.add_row("", Text("No episodes here.", style="dim"), "", "", "")
        table.move_cursor(row=min(keep, max(table.row_count - 1, 0)))
        capped = self.total > COUNT_CAP
        pages = "" if capped else f"/{max(1, -(-self.total // EPISODE_PAGE))}"
        total = f"more than {COUNT_CAP}" if capped else f"{self.total} in all"
        self.query_one("#episodes-title", Static).update(Text.assemble(
            (f"{self.phase.value.capitalize()} episodes", "bold"), f"  {total}",
            (f"  page {self.page + 1}{pages}  [ ] pages · 1 2 3 phase · enter opens", "dim")))

    def _window(self, row: EpisodeRow) -> Text:
        config = self.session.config
        if row.phase is Phase.CLOSED:
            return Text(short_when(row.closed_at, config.zone), style="dim")
        warn = (timedelta(hours=config.followups.crisis_ending_warn_hours) if row.phase is Phase.CRISIS
                else timedelta(days=config.followups.stabilization_ending_warn_days))
        deadline = phase_deadline(row, config.windows, config.zone)
        if deadline is None:
            return Text("no face-to-face", style="dim")
        return countdown(deadline, self.session.now(), warn=warn)

    def action_phase(self, phase: str) -> None:
        self.phase, self.after, self.back = Phase(phase), None, []
        self.refresh_data()

    def action_page(self, step: int) -> None:
        if step > 0 and len(self.rows) == EPISODE_PAGE and (
                self.total > COUNT_CAP or (self.page + 1) * EPISODE_PAGE < self.total):
            self.back.append(self.after)
            self.after = self.rows[-1]
            self.refresh_data()
        elif step < 0 and self.back:
            self.after = self.back.pop()
            self.refresh_data()

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if self.rows and 0 <= table.cursor_row < len(self.rows):
            from mrss_tui.screens.episode import EpisodeScreen

            self.app.push_screen(EpisodeScreen(self.rows[table.cursor_row].id))

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open()

