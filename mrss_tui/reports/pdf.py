"""The printable weekly report: tables with bar charts, a 12-week trend and the definitions.

Laid out from the page's printable width, so the same code fits Letter and A4.
"""

from __future__ import annotations

from typing import Literal

from mrss_tui.reports.document import new_document
from mrss_tui.reports.model import Figure, Report, Table, bar_fractions

ROW = 5.2  # mm
BAR_RGB = (70, 110, 160)


def render_pdf(report: Report, page_size: Literal["Letter", "A4"] = "Letter") -> bytes:
    pdf = new_document(report.title, report.program,
                       report.generated_at, page_size)
    pdf.set_creation_date(report.generated_at)  # the injected clock's time, not the machine's
    _title(pdf, report)
    for section in report.sections:
        _heading(pdf, section.title)
        for figure in section.figures:
            _row(pdf, figure.label, figure.shown)
        for table in section.tables:
            _table(pdf, table)
    _trend(pdf, report)
    _appendix(pdf, report)
    return bytes(pdf.output())


def _title(pdf, report: Report) -> None:
    pdf.set_font("body", "B", 16)
    pdf.multi_cell(0, 8, report.title.split(" county report")[0] + " county report",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "", 11)
    serves = f"\nServes: {report.serves}" if report.serves else ""
    provisional = "\nProvisional: the period has not ended, figures will change" if (
        report.provisional) else ""
    pdf.multi_cell(0, 6, f"{report.program}{serves}\n{report.period_kind.capitalize()} "
                         f"{report.week}: {report.week_range} "
                         f"({report.timezone})\nGenerated {report.generated_at:%Y-%m-%d %H:%M %Z}"
                         f"{provisional}",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("body", "", 8.5)
    pdf.multi_cell(0, 4, report.suppression_note, new_x="LMARGIN", new_y="NEXT")
    if report.revised:
        pdf.multi_cell(0, 4, report.revision_note, new_x="LMARGIN", new_y="NEXT")


def _heading(pdf, title: str, keep_rows: int = 4) -> None:
    """A section title, on a new page unless ``keep_rows`` rows fit under it."""
    if pdf.will_page_break(keep_rows * ROW + 10):
        pdf.add_page()
    pdf.ln(3)
    pdf.set_font("body", "B", 12)
    pdf.cell(0, 7, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "", 9.5)


def _columns(pdf) -> tuple[float, float, float]:
    label_w = pdf.epw * 0.46
    value_w = pdf.epw * 0.14
    return label_w, value_w, pdf.epw - label_w - value_w - 3


def _put(pdf, x: float, y: float, text: str, right: float | None = None) -> None:
    """One line of text in a ROW-high band at y, left-aligned at x or right-aligned at
    ``right``. fpdf2's text() skips the cell machinery, which was a third of the PDF's cost."""
    if right is not None:
        x = right - pdf.get_string_width(text)
    pdf.text(x, y + ROW * 0.72, text)


def _row(pdf, name: str, shown: str, fraction: float | None = None) -> None:
    if pdf.will_page_break(ROW):
        pdf.add_page()
        pdf.set_font("body", "", 9.5)
    label_w, value_w, bar_w = _columns(pdf)
    y = pdf.get_y()
    _put(pdf, pdf.l_margin, y, name)
    _put(pdf, pdf.l_margin, y, shown, right=pdf.l_margin + label_w + value_w)
    if fraction:
        pdf.set_fill_color(*BAR_RGB)
        pdf.rect(pdf.l_margin + label_w + value_w + 3, y + 1, max(0.6, bar_w * fraction),
                 ROW - 2, style="F")
    pdf.set_xy(pdf.l_margin, y + ROW)


def _table(pdf, table: Table) -> None:
    if pdf.will_page_break(2 * ROW):
        pdf.add_page()
    pdf.ln(1.5)
    pdf.set_font("body", "B", 9.5)
    pdf.cell(0, ROW, table.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("body", "", 9.5)
    fractions = table.bar_fractions() if table.chartable else [None] * len(table.figures)
    for figure, fraction in zip(table.figures, fractions):
        _row(pdf, f"   {figure.label}", figure.shown, fraction)


def _trend(pdf, report: Report) -> None:
    _heading(pdf, report.trend_title, keep_rows=len(report.trend) + 2)  # never split it
    widths = [pdf.epw * w for w in (0.16, 0.16, 0.12, 0.16, 0.16)]
    unit = report.period_kind.capitalize()
    headers = [unit, "From", "Calls", "Mobile resp.", "In target"]
    pdf.set_font("body", "B", 9.5)
    for width, text in zip(widths, headers):
        pdf.cell(width, ROW, text, align="R" if text != unit else "L")
    pdf.ln(ROW)
    pdf.set_font("body", "", 9.5)
    bar_x = pdf.l_margin + sum(widths) + 2
    bar_w = pdf.epw - sum(widths) - 2
    fractions = bar_fractions([w.calls.value for w in report.trend])
    for week, fraction in zip(report.trend, fractions):
        if pdf.will_page_break(ROW):
            pdf.add_page()
        y = pdf.get_y()
        cells: list[tuple[str, Figure | None]] = [(week.week, None),
                                                  (f"{week.monday:%d %b %Y}", None),
                                                  ("", week.calls), ("", week.responses),
                                                  ("", week.within_target)]
        x = pdf.l_margin
        for index, (width, (text, figure)) in enumerate(zip(widths, cells)):
            shown = figure.shown if figure else text
            _put(pdf, x, y, shown, right=None if index == 0 else x + width)
            x += width
        if fraction:
            pdf.set_fill_color(*BAR_RGB)
            pdf.rect(bar_x, y + 1, max(0.6, bar_w * fraction), ROW - 2, style="F")
        pdf.set_xy(pdf.l_margin, y + ROW)
    pdf.set_font("body", "", 8)
    pdf.cell(0, ROW, "Bars: calls per week.", new_x="LMARGIN", new_y="NEXT")


def _appendix(pdf, report: Report) -> None:
    pdf.add_page()
    pdf.set_font("body", "B", 12)
    pdf.cell(0, 7, "Appendix: definitions", new_x="LMARGIN", new_y="NEXT")
    for definition in report.definitions:
        pdf.set_font("body", "B", 9)
        pdf.cell(0, 4.5, definition.name, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("body", "", 9)
        for line in _wrap(pdf, definition.sentence):
            if pdf.will_page_break(4.5):
                pdf.add_page()
                pdf.set_font("body", "", 9)
            pdf.text(pdf.l_margin, pdf.get_y() + 3.3, line)
            pdf.set_y(pdf.get_y() + 4.5)
        pdf.ln(1)


def _wrap(pdf, text: str) -> list[str]:
    """Greedy word wrap to the printable width. fpdf2's multi_cell measures every character
    again for every candidate break, which made the appendix most of the PDF's cost."""
    space = pdf.get_string_width(" ")
    lines: list[str] = []
    current: list[str] = []
    width = 0.0
    for word in text.split():
        word_width = pdf.get_string_width(word)
        if current and width + space + word_width > pdf.epw:
            lines.append(" ".join(current))
            current, width = [], 0.0
        width += (space if current else 0.0) + word_width
        current.append(word)
    if current:
        lines.append(" ".join(current))
    return lines
