"""Reports: the county report on screen, period by period (week, month, quarter or year; the
current, unfinished one marked provisional), written to PDF or CSV on a key.

The only screen a county administrator sees (home is the first nav entry a role may open).
"""

from __future__ import annotations


from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from mrss_tui.domain.report_period import KINDS, Period, PeriodKind
from mrss_tui.reports.model import Report
from mrss_tui.screens.base import WRITING_HOLDS_NO_KEYS, MrssScreen
from mrss_tui.widgets.report_view import DrawnOnce, appendix_view, section_view, trend_view
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.reports import parse_period, report_folder, save_report, weekly_report


class ReportsScreen(MrssScreen):
    nav_id = "reports"
    # Costly to build on the key (the whole report drawn to learn its height):
    # mounted, filled and drawn in idle time (screens/premount.py).
    build_ahead = True
    DEFAULT_CSS = """
    ReportsScreen #report-head { height: 2; margin: 0 1; }
    ReportsScreen #report-body { height: 1fr; margin: 0 0 0 1; scrollbar-gutter: stable; }
    ReportsScreen .report-part { margin-right: 1; }
    """
    BINDINGS = [
        Binding("left", "week(-1)", "Earlier", id="reports.previous", key_display="←",
                priority=True,
                tooltip="Show the period before"),
        Binding("right", "week(1)", "Later", id="reports.next", key_display="→",
                priority=True,
                tooltip="Show the period after (up to the current one, which is provisional)"),
        Binding("m", "length", "Wk/Mo/Qtr/Yr", id="reports.length",
                tooltip="Switch between weekly, monthly, quarterly and annual reports"),
        Binding("p", "write('pdf')", "PDF", id="reports.pdf",
                tooltip="Write this week's report as a printable PDF to the report folder"),
        Binding("c", "write('csv')", "CSV", id="reports.csv",
                tooltip="Write this week's figures as CSV (one row per figure) to the report folder"),
        Binding("ctrl+r", "reload", "Reload", show=False, id="reports.reload",
                tooltip="Compute the report again now"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.kind: PeriodKind = "week"
        self.week: Period | None = None  # None until the last full period is known
        self.latest: Period | None = None  # the current (unfinished) period
        self.report: Report | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("Computing the weekly report…", id="report-head")
        with VerticalScroll(id="report-body"):
            yield Static(id="report-sections", classes="report-part")
            yield Static(id="report-trend", classes="report-part")
            yield Static(id="report-appendix", classes="report-part")

    def on_mount(self) -> None:
        self.query_one("#report-body").focus()  # ↑/↓/PgUp/PgDn scroll the report at once
        super().on_mount()

    def first_read(self):
        """The last full week's report (screens/read_ahead.py)."""
        kind = self.kind
        return (lambda s: self._load(s, kind, None)), self.show_report

    def refresh_data(self) -> None:
        week, kind = self.week, self.kind
        self.run_db(lambda s: self._load(s, kind, week), self.show_report, group="reports")

    @staticmethod
    def _load(session: Session, kind: PeriodKind,
              period: Period | None) -> tuple[Period, Period, Report]:
        current = parse_period(kind, "current", session)
        shown = period or current.shift(-1)
        return current, shown, weekly_report(session, shown)

    def show_report(self, loaded: tuple[Period, Period, Report]) -> None:
        drawn = self.report
        self.latest, self.week, report = loaded
        self.report = report
        if drawn is not None and _drawn_alike(drawn, report):
            return  # a refresh that changed nothing: the report stays drawn (100+ ms, laid out)
        head = Text.assemble(
            (report.title, "bold"), f"  {report.week_range}\n",
            (f"Times in {report.timezone} · counts 1-{report.threshold} hidden "
             "(see the appendix below)", "dim"))
        self.query_one("#report-head", Static).update(head)
        from rich.console import Group

        serves = [Text(f"Serves: {report.serves}", style="italic")] if report.serves else []
        self.query_one("#report-sections", Static).update(
            DrawnOnce(Group(*serves, *(section_view(s) for s in report.sections))))
        self.query_one("#report-trend", Static).update(DrawnOnce(trend_view(report)))
        self.query_one("#report-appendix", Static).update(DrawnOnce(appendix_view(report)))

    def action_week(self, step: int) -> None:
        if self.week is None:
            return
        wanted = self.week.shift(step)
        if self.latest is not None and wanted > self.latest:
            self.notify(f"{self.latest} is the current {self.kind} (provisional); {wanted} has "
                        "not begun.", severity="warning")
            return
        self.week = wanted
        self.refresh_data()

    def action_length(self) -> None:
        self.kind = KINDS[(KINDS.index(self.kind) + 1) % len(KINDS)]
        self.week = None  # the last full one of the new length
        self.refresh_data()

    def action_reload(self) -> None:
        self.refresh_data()

    def action_write(self, fmt: str) -> None:
        if self.week is None:
            return
        week = self.week
        self.notify(f"Writing the {fmt.upper()} for {week}…", timeout=3)
        self.run_db(lambda s: save_report(s, week, fmt,  # type: ignore[arg-type]
                                          report_folder(s, filed=False)),
                    lambda path: self.notify(f"Wrote {path}", title=f"{fmt.upper()} written"),
                    group="report-write", hold_keys=WRITING_HOLDS_NO_KEYS)



def _drawn_alike(drawn: Report, new: Report) -> bool:
    """The screen would draw ``new`` as it drew ``drawn``: the same figures for the same period
    (only the time it was computed differs; the screen does not show it)."""
    return drawn.model_copy(update={"generated_at": new.generated_at}) == new
