"""``mrss report weekly``: the county report as text, CSV or PDF, to a file, stdout or a printer."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from mrss_tui.commands.context import CliContext, pass_ctx


@click.group()
def report() -> None:
    """County reports (aggregates only; small counts suppressed)."""


@report.command()
@click.option("--period", "kind", type=click.Choice(["week", "month", "quarter", "year"]),
              default="week", show_default=True, help="Length of the report period.")
@click.option("--week", "--of", "which", metavar="PERIOD",
              help="Which period: 2026-W47, 2026-11, 2026-Q4 or 2026 (as --period says), or "
                   "'current' for the unfinished one, marked provisional (default: the last "
                   "full period in the program's time zone).")
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "pdf"]), default="text",
              show_default=True, help="Output format.")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to FILE (default: standard output; a PDF goes to "
                   "the reports folder next to the database, see [paths] in config.toml).")
@click.option("--paper", type=click.Choice(["letter", "a4"], case_sensitive=False),
              default="letter", show_default=True, help="PDF page size.")
@click.option("--print", "to_printer", is_flag=True,
              help="Also send the PDF to the default printer with lp.")
@pass_ctx
def weekly(ctx: CliContext, kind: str, which: str | None, fmt: str, out: Path | None, paper: str,
           to_printer: bool) -> None:
    """The county report for one week (Monday 00:00 to Monday 00:00 local), month, quarter or
    year."""
    from mrss_tui.workflow.context import open_session
    from mrss_tui.workflow.reports import (
        mark_published,
        new_report_path,
        parse_period,
        render,
        report_folder,
        weekly_report,
        write_file,
    )

    lp = _find_lp() if to_printer else None  # fail before any work if printing cannot happen
    if out is not None:
        from mrss_tui.store.connect import refuse_database_target

        refuse_database_target(out, ctx.db_path, "a report")
    session = open_session(ctx.db_path, ctx.config(), ctx.login)
    try:
        iso_week = parse_period(kind, which, session)
        result = weekly_report(session, iso_week)
        if fmt == "pdf" and out is None and not to_printer:
            out = new_report_path(report_folder(session, filed=False), iso_week, "pdf")
        if out is not None or to_printer or fmt == "pdf":
            mark_published(session, result)  # a file or a print goes out; stdout is a look
    finally:
        session.store.close()
    page_size = "A4" if paper.lower() == "a4" else "Letter"
    data = render(result, fmt, page_size)  # type: ignore[arg-type]
    if out is not None:
        write_file(out, data)
        click.echo(f"Wrote the {fmt} report for {iso_week} to {out}.", err=True)
    elif fmt != "pdf":
        click.echo(data.decode("utf-8"), nl=False)
    if lp is not None:
        pdf = data if fmt == "pdf" else render(result, "pdf", page_size)  # type: ignore[arg-type]
        _send_to_printer(lp, pdf, result.title)
        click.echo(f"Sent the report for {iso_week} to the default printer.", err=True)


def _find_lp() -> str:
    from mrss_tui.workflow.printing import find_lp

    return find_lp()


def _send_to_printer(lp: str, pdf: bytes, title: str) -> None:
    from mrss_tui.workflow.printing import send_to_printer

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        send_to_printer(lp, Path(handle.name), title)


COMMANDS = [report]
