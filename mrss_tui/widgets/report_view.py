"""The weekly report as Rich renderables: figure tables with bar charts and the 12-week trend."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.table import Table as RichTable
from rich.text import Text

from mrss_tui.reports.model import Figure, Report, Section, Table, bar_fractions
from mrss_tui.widgets.safe import plain

BAR_WIDTH = 24
BAR_STYLE = "bold blue"


class DrawnOnce:
    """A Rich renderable drawn once for each width it is shown at. Textual draws a Static's
    Rich content to learn its height, again to paint it, and both again when the screen is
    laid out anew (a resize, a scroll bar appearing): four layouts of every table of the
    report, 200-300 ms on a first visit. The lines drawn are kept and handed out again."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self._drawn: dict[tuple[int, int], list[list[Segment]]] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = (options.max_width, options.min_width)
        lines = self._drawn.get(width)
        if lines is None:
            # Every line, whatever height is asked for (Textual crops): the lines kept for a
            # paint must also give the height.
            lines = self._drawn[width] = console.render_lines(
                self.renderable, options.update(height=None), pad=False)
        new_line = Segment.line()
        for line in lines:
            yield from line
            yield new_line


def bar(fraction: float | None, width: int = BAR_WIDTH) -> Text:
    if fraction is None:
        return Text("")
    cells = max(1 if fraction > 0 else 0, round(fraction * width))
    return Text("█" * cells, style=BAR_STYLE)


def shown(figure: Figure) -> Text:
    """Suppressed values are dim and keep their words ('1-10', 'suppressed'), never a colour alone."""
    return Text(figure.shown, style="dim italic" if figure.suppressed else "bold")


def _grid() -> RichTable:
    grid = RichTable.grid(padding=(0, 1), expand=True)  # same columns in every section
    grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    grid.add_column(justify="right", min_width=10, no_wrap=True)
    grid.add_column(width=BAR_WIDTH, no_wrap=True)
    return grid


def _table_rows(grid: RichTable, table: Table) -> None:
    grid.add_row(Text(table.title, style="bold"), "", "")
    fractions = table.bar_fractions() if table.chartable else [None] * len(table.figures)
    for figure, fraction in zip(table.figures, fractions):
        grid.add_row(plain(f"  {figure.label}"), shown(figure), bar(fraction))


def section_view(section: Section) -> RenderableType:
    grid = _grid()
    for figure in section.figures:
        grid.add_row(plain(figure.label), shown(figure), "")
    for table in section.tables:
        _table_rows(grid, table)
    return Group(Text(section.title, style="bold underline"), grid, Text(""))


def trend_view(report: Report) -> RenderableType:
    grid = RichTable(box=None, padding=(0, 1), show_edge=False, header_style="bold", expand=True)
    grid.add_column(report.period_kind.capitalize(), no_wrap=True, ratio=1)
    grid.add_column("Calls", justify="right", no_wrap=True)
    grid.add_column("Mobile", justify="right", no_wrap=True)
    grid.add_column("In target", justify="right", no_wrap=True)
    grid.add_column(f"Calls a {report.period_kind}", width=BAR_WIDTH, no_wrap=True)
    fractions = bar_fractions([w.calls.value for w in report.trend])
    for week, fraction in zip(report.trend, fractions):
        grid.add_row(f"{week.week} {week.monday:%d %b}", shown(week.calls), shown(week.responses),
                     shown(week.within_target), bar(fraction))
    return Group(Text(report.trend_title, style="bold underline"), grid, Text(""))


def appendix_view(report: Report) -> RenderableType:
    lines = [Text("Appendix: definitions", style="bold underline")]
    for definition in report.definitions:
        lines.append(Text.assemble((definition.name, "bold"), ": ", definition.sentence))
    return Group(*lines)
