"""mrss directory import|export: Open Referral HSDS tabular packages."""

from __future__ import annotations

from pathlib import Path

import click

from mrss_tui.commands.context import CliContext, pass_ctx

MAX_LISTED = 50


@click.group("directory")
def directory() -> None:
    """The referral directory: import and export Open Referral HSDS packages."""


def _session(ctx: CliContext):
    from mrss_tui.workflow.context import open_session

    return open_session(ctx.db_path, ctx.config(), ctx.login)


@directory.command("import")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True,
              help="Import nothing if any row is broken (default: skip broken rows and report them).")
@pass_ctx
def import_(ctx: CliContext, path: Path, strict: bool) -> None:
    """Import an HSDS package (folder with datapackage.json and CSVs); updates by id."""
    from mrss_tui.workflow.hsds import ImportRefused, import_package

    session = _session(ctx)
    try:
        report = import_package(session, path, strict=strict)
    except ImportRefused as exc:
        for problem in exc.import_problems[:MAX_LISTED]:
            click.echo(f"error: {problem}", err=True)
        raise
    finally:
        session.store.close()
    for warning in report.warnings[:MAX_LISTED]:
        click.echo(f"warning: {warning}", err=True)
    for problem in report.problems[:MAX_LISTED]:
        click.echo(f"error: {problem} (row skipped)", err=True)
    hidden = len(report.problems) + len(report.warnings) - 2 * MAX_LISTED
    if len(report.problems) > MAX_LISTED or len(report.warnings) > MAX_LISTED:
        click.echo(f"... and {max(hidden, 0)} more lines not shown", err=True)
    counts = report.counts
    for table in counts.created:
        click.echo(f"{table:20} {counts.created[table]:6} new  {counts.updated.get(table, 0):6} "
                   f"updated  {counts.unchanged.get(table, 0):6} unchanged")
    lost = sum(p.skipped for p in report.problems)
    skipped = f"; {lost} broken row(s) skipped" if lost else ""
    click.echo(f"Imported {path}{skipped}.")
    if report.problems:
        raise SystemExit(1)


@directory.command("export")
@click.argument("path", type=click.Path(path_type=Path))
@pass_ctx
def export(ctx: CliContext, path: Path) -> None:
    """Write the directory as an HSDS 3.0 package into a new folder PATH."""
    from mrss_tui.workflow.hsds_export import export_package

    session = _session(ctx)
    try:
        counts = export_package(session, path)
    finally:
        session.store.close()
    for file_name, count in counts.items():
        click.echo(f"{file_name:26} {count:6} rows")
    click.echo(f"Wrote {path}/datapackage.json.")


COMMANDS = [directory]
