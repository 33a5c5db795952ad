"""Episodes by phase, a page at a time from SQL. Field staff see only the episodes they are on.
``/`` finds episodes by person name, phone, episode or call number (workflow/episode_search.py)."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from mrss_tui.domain.enums import Phase
from mrss_tui.domain.episodes import EpisodeRow, phase_deadline
from mrss_tui.domain.records import episode_ref
from mrss_tui.screens.base import MrssScreen
from mrss_tui.widgets.episode_format import countdown, due_text, short_when
from mrss_tui.workflow.episode_search import EpisodeHit, describe_query, search_episodes
from mrss_tui.workflow.episodes import EPISODE_COUNT_CAP as COUNT_CAP
from mrss_tui.workflow.episodes import EPISODE_PAGE, list_episodes
from mrss_tui.widgets.safe import SafeTable


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
        Binding("slash", "search", "Find", id="episodes.search",
                tooltip="Find episodes by person name, phone, episode (E00144) or call (C000312)"),
        Binding("escape", "end_search", "Back to list", id="episodes.end_search", show=False,
                tooltip="Leave the search box / the search results"),
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
        self.searching = ""  # the search shown, or "" for the list by phase

    def compose_body(self) -> ComposeResult:
        yield Input(placeholder="/ find: person name, phone, E00144 or C000312 (enter)",
                    id="episodes-search", compact=True)
        yield Static(id="episodes-title", classes="list-title")
        yield SafeTable(id="episodes-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self._columns(search=False)
        super().on_mount()
        self.query_one(DataTable).focus()

    def _columns(self, *, search: bool) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_column("Episode", key="ref", width=7)
        if search:
            table.add_column("Person", key="person", width=18)
            table.add_column("Town", key="town", width=12)
            table.add_column("Phase", key="phase", width=13)
        else:
            table.add_column("Town", key="town", width=13)
            table.add_column("Phase since", key="since", width=12)
            table.add_column("Window/closed", key="window", width=16)
        table.add_column("Next follow-up", key="next", width=17)

    def first_read(self):
        """The first page of the list (screens/read_ahead.py)."""
        phase = self.phase
        return (lambda s: list_episodes(s, phase, None)), self.show_rows

    def refresh_data(self) -> None:
        if self.searching:
            self._search(self.searching, record=False)
            return
        phase, after = self.phase, self.after
        self.run_db(lambda s: list_episodes(s, phase, after), self.show_rows, group="episodes")

    @property
    def page(self) -> int:
        return len(self.back)

    # -- search --------------------------------------------------------------------------------------
    def action_search(self) -> None:
        self.query_one("#episodes-search", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.input.value.strip()
        if not text:
            self.action_end_search()
            return
        self._search(text)

    def _search(self, text: str, *, record: bool = True) -> None:
        self.run_db(lambda s: search_episodes(s, text, record=record),
                    lambda hits: self.show_hits(text, hits),
                    group="episodes", hold_keys="load")

    def show_hits(self, text: str, hits: list[EpisodeHit]) -> None:
        if not self.searching:
            self._columns(search=True)
        self.searching = text
        self.rows = [hit.row for hit in hits]
        table = self.query_one(SafeTable)
        config, now = self.session.config, self.session.now()
        with table.filling():
            table.clear()
            for hit in hits:
                row = hit.row
                table.add_row(episode_ref(row.id), Text(hit.person_name or "(unnamed)"),
                              row.town or "-", row.phase.value,
                              due_text(row.next_due_at, now, config.zone), key=str(row.id))
            if not hits:
                table.add_row("", Text("Nothing found.", style="dim"), "", "", "")
        table.focus()
        self.query_one("#episodes-title", Static).update(Text.assemble(
            ("Found ", "bold"), (f"{len(hits)}", "bold"), f" by {describe_query(text)} ",
            Text(repr(text)), ("  enter opens · escape back to the list", "dim")))

    def action_end_search(self) -> None:
        box = self.query_one("#episodes-search", Input)
        box.value = ""
        if self.searching:
            self.searching = ""
            self._columns(search=False)
            self.refresh_data()
        self.query_one(DataTable).focus()

    def show_rows(self, result: tuple[list[EpisodeRow], int]) -> None:
        if self.searching:
            return  # a list page that arrived after a search began
        if not result[0] and self.back:  # the page after a full last page: stay on that one
            self.after = self.back.pop()
            self.refresh_data()
            return
        self.rows, self.total = result
        table = self.query_one(SafeTable)
        keep = table.cursor_row
        config, now = self.session.config, self.session.now()
        with table.filling():
            table.clear()
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
        if self.searching:
            self.action_end_search()
            return
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

