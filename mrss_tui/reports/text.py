"""Plain-text and CSV renderings of a ``Report`` (the CLI, e-mail bodies, spreadsheets)."""

from __future__ import annotations

import csv
import io

from mrss_tui.domain.spreadsheet import spreadsheet_cell
from mrss_tui.reports.model import Report, Table, bar_fractions

WIDTH = 78
LABEL = 44
VALUE = 11
BAR = WIDTH - LABEL - VALUE - 2


def _bar(fraction: float | None, width: int = BAR) -> str:
    if fraction is None:
        return ""
    return "#" * max(1 if fraction > 0 else 0, round(fraction * width))


def _line(name: str, shown: str, bar: str = "") -> str:
    return f"{name[:LABEL]:<{LABEL}}{shown:>{VALUE}}  {bar}".rstrip()


def _table(table: Table) -> list[str]:
    lines = [table.title]
    fractions = table.bar_fractions() if table.chartable else [None] * len(table.figures)
    for figure, fraction in zip(table.figures, fractions):
        lines.append(_line(f"  {figure.label}", figure.shown, _bar(fraction)))
    return lines


def render_text(report: Report) -> str:
    lines = [report.program, *([f"Serves: {report.serves}"] if report.serves else []),
             f"{report.title}: {report.week_range}",
             f"Times in {report.timezone}. Generated {report.generated_at:%Y-%m-%d %H:%M %Z}.",
             report.suppression_note, *([report.revision_note] if report.revised else []), ""]
    for section in report.sections:
        lines += [section.title, "=" * len(section.title)]
        lines += [_line(f.label, f.shown) for f in section.figures]
        for table in section.tables:
            lines += [""] + _table(table)
        lines.append("")
    unit = report.period_kind.capitalize()
    lines += [report.trend_title, "=" * len(report.trend_title),
              f"{unit:<10}{'From':<12}{'Calls':>8}{'Mobile':>8}{'In target':>11}  Calls"]
    fractions = bar_fractions([w.calls.value for w in report.trend])
    for week, fraction in zip(report.trend, fractions):
        lines.append(f"{week.week:<10}{week.monday:%d %b}{'':<6}{week.calls.shown:>8}"
                     f"{week.responses.shown:>8}{week.within_target.shown:>11}  "
                     f"{_bar(fraction, 20)}".rstrip())
    lines += ["", "Appendix: definitions", "=" * 21]
    lines += [f"{d.name}: {d.sentence}" for d in report.definitions]
    return "\n".join(lines) + "\n"


def render_csv(report: Report) -> str:
    """One row per figure: section, figure, value (the same label as the printed report),
    suppressed (yes/no), reason (small, protects, line, base_hidden, few_values, rounded or
    empty) and revised (yes when it differs from the period's first publication)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["section", "figure", "value", "suppressed", "reason", "revised"])
    revised = set(report.revised)
    for section, name, figure in report.rows():
        plain = figure.kind == "count" and figure.value is not None
        value = str(int(figure.value)) if plain else figure.shown  # no "1,234" in spreadsheets
        writer.writerow([spreadsheet_cell(cell) for cell in (
            section, name, value, "yes" if figure.suppressed else "no", figure.reason,
            "yes" if f"{name}|{figure.key}" in revised else "no")])
    return out.getvalue()
