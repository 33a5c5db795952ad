"""``mrss report weekly``: the county report as text, CSV or PDF, to a file, stdout or a printer."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import click

from mrss_tui.commands.context import CliContext, pass_ctx
from mrss_tui.errors import MrssError


class PrintFailed(MrssError):
    exit_code = 10


@click.group()
def report() -> None:
    """County reports (aggregates only; small counts suppressed)."""


@report.command()
@click.option("--week", metavar="YYYY-Www", help="ISO week, e.g. 2026-W47 (default: the last full "
                                                 "week in the program's time zone).")
@click.option("--format", "fmt", type=click.Choice(["text", "csv", "pdf"]), default="text",
              show_default=True, help="Output format.")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False),
              help="Write to FILE (default: standard output; a PDF goes to "
                   "./mrss-weekly-<week>.pdf).")
@click.option("--paper", type=click.Choice(["letter", "a4"], case_sensitive=False),
              default="letter", show_default=True, help="PDF page size.")
@click.option("--print", "to_printer", is_flag=True,
              help="Also send the PDF to the default printer with lp.")
@pass_ctx
def weekly(ctx: CliContext, week: str | None, fmt: str, out: Path | None, paper: str,
           to_printer: bool) -> None:
    """The weekly county report for one ISO week (Monday 00:00 to Monday 00:00 local)."""
    from mrss_tui.workflow.context import open_session
    from mrss_tui.workflow.reports import (
        default_file_name,
        parse_week,
        render,
        weekly_report,
        write_file,
    )

    lp = _find_lp() if to_printer else None  # fail before any work if printing cannot happen
    session = open_session(ctx.db_path, ctx.config(), ctx.login)
    try:
        iso_week = parse_week(week, session)
        result = weekly_report(session, iso_week)
    finally:
        session.store.close()
    page_size = "A4" if paper.lower() == "a4" else "Letter"
    data = render(result, fmt, page_size)  # type: ignore[arg-type]
    if fmt == "pdf" and out is None and not to_printer:
        out = Path(default_file_name(iso_week, "pdf"))
    if out is not None:
        write_file(out, data)
        click.echo(f"Wrote the {fmt} report for {iso_week} to {out}.", err=True)
    elif fmt != "pdf":
        click.echo(data.decode("utf-8"), nl=False)
    if lp is not None:
        pdf = data if fmt == "pdf" else render(result, "pdf", page_size)  # type: ignore[arg-type]
        _send_to_printer(lp, pdf, f"Weekly county report {iso_week}")
        click.echo(f"Sent the report for {iso_week} to the default printer.", err=True)


def _find_lp() -> str:
    lp = shutil.which("lp")
    if lp is None:
        raise PrintFailed("cannot print: the 'lp' command is not installed (Debian: apt install "
                          "cups-client); write a PDF with --format pdf --out FILE and print it")
    return lp


def _send_to_printer(lp: str, pdf: bytes, title: str) -> None:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(pdf)
        handle.flush()
        try:
            done = subprocess.run([lp, "-t", title, handle.name], capture_output=True, text=True,
                                  timeout=60, check=False)
        except subprocess.TimeoutExpired:
            raise PrintFailed("lp did not answer within 60 s; is the print service running?") from None
    if done.returncode != 0:
        reason = (done.stderr or done.stdout).strip().splitlines()
        raise PrintFailed(f"lp could not print ({reason[0] if reason else f'exit {done.returncode}'})")


COMMANDS = [report]
