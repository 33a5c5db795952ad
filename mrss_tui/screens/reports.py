"""Reports: the weekly county report on screen, week by week, written to PDF or CSV on a key.

The only screen a county administrator sees (home is the first nav entry a role may open).
"""

from __future__ import annotations


from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from mrss_tui.domain.report_week import IsoWeek
from mrss_tui.reports.model import Report
from mrss_tui.screens.base import MrssScreen
from mrss_tui.widgets.report_view import appendix_view, section_view, trend_view
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.reports import parse_week, report_folder, save_report, weekly_report


class ReportsScreen(MrssScreen):
    nav_id = "reports"
    DEFAULT_CSS = """
    ReportsScreen #report-head { height: 2; margin: 0 1; }
    ReportsScreen #report-body { height: 1fr; margin: 0 0 0 1; }
    ReportsScreen .report-part { margin-right: 1; }
    """
    BINDINGS = [
        Binding("left", "week(-1)", "Week", id="reports.previous", key_display="←",
                priority=True,
                tooltip="Show the week before"),
        Binding("right", "week(1)", "Week", id="reports.next", key_display="→",
                priority=True,
                tooltip="Show the week after (up to the last full week)"),
        Binding("p", "write('pdf')", "PDF", id="reports.pdf",
                tooltip="Write this week's report as a printable PDF to the report folder"),
        Binding("c", "write('csv')", "CSV", id="reports.csv",
                tooltip="Write this week's figures as CSV (one row per figure) to the report folder"),
        Binding("ctrl+r", "reload", "Reload", show=False, id="reports.reload",
                tooltip="Compute the report again now"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.week: IsoWeek | None = None  # None until the last full week is known
        self.latest: IsoWeek | None = None
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

    def refresh_data(self) -> None:
        week = self.week
        self.run_db(lambda s: self._load(s, week), self.show_report, group="reports")

    @staticmethod
    def _load(session: Session, week: IsoWeek | None) -> tuple[IsoWeek, Report]:
        latest = parse_week(None, session)
        return latest, weekly_report(session, week or latest)

    def show_report(self, loaded: tuple[IsoWeek, Report]) -> None:
        self.latest, report = loaded
        self.report = report
        self.week = IsoWeek.parse(report.week)
        head = Text.assemble(
            ("Weekly county report ", "bold"), (report.week, "bold"), f"  {report.week_range}\n",
            (f"Times in {report.timezone} · counts 1-{report.threshold} hidden "
             "(see the appendix below)", "dim"))
        self.query_one("#report-head", Static).update(head)
        from rich.console import Group

        self.query_one("#report-sections", Static).update(
            Group(*(section_view(s) for s in report.sections)))
        self.query_one("#report-trend", Static).update(trend_view(report))
        self.query_one("#report-appendix", Static).update(appendix_view(report))

    def action_week(self, step: int) -> None:
        if self.week is None:
            return
        wanted = self.week.shift(step)
        if self.latest is not None and wanted > self.latest:
            self.notify(f"{self.latest} is the last full week; {wanted} has not ended yet.",
                        severity="warning")
            return
        self.week = wanted
        self.refresh_data()

    def action_reload(self) -> None:
        self.refresh_data()

    def action_write(self, fmt: str) -> None:
        if self.week is None:
            return
        week = self.week
        folder = report_folder(self.session.config)
        self.notify(f"Writing the {fmt.upper()} for {week}…", timeout=3)
        self.run_db(lambda s: save_report(s, week, fmt, folder),  # type: ignore[arg-type]
                    lambda path: self.notify(f"Wrote {path}", title=f"{fmt.upper()} written"),
                    group="report-write")

