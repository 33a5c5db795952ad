"""mrss accounting PERSON: who saw, printed or sent what about one person, and when."""

from __future__ import annotations

from pathlib import Path

import click

from mrss_tui.commands.context import CliContext, pass_ctx


@click.command()
@click.argument("person_id", type=int)
@click.option("--out", type=click.Path(path_type=Path),
              help="Write the accounting to this file (private, mode 0600) instead of printing it.")
@pass_ctx
def accounting(ctx: CliContext, person_id: int, out: Path | None) -> None:
    """Accounting of access and disclosures for one person (supervisors only).

    Lists every recorded view, search hit, print, page and change that concerned PERSON_ID
    (the person number shown in mrss), oldest first. Running it is recorded as well.
    """
    from mrss_tui.workflow.context import open_session
    from mrss_tui.workflow.disclosures import accounting_text, print_accounting

    session = open_session(ctx.db_path, ctx.config(), ctx.login)
    try:
        if out is None:
            click.echo(accounting_text(session, person_id), nl=False)
        else:
            click.echo(f"Wrote {print_accounting(session, person_id, out)}")
    finally:
        session.store.close()


COMMANDS = [accounting]
