"""``mrss staff deactivate|activate LOGIN``: the Roster screen's toggle, from a shell.

Both call the one workflow function (workflow/staff.set_active): deactivating revokes the
person's SSH keys and rewrites authorized_keys; activating gives back no key.
"""

from __future__ import annotations

import click

from mrss_tui.commands.context import CliContext, pass_ctx


def _set_active(ctx: CliContext, login: str, active: bool) -> None:
    from mrss_tui.errors import NotFound
    from mrss_tui.workflow.context import open_session
    from mrss_tui.workflow.staff import set_active

    session = open_session(ctx.db_path, ctx.config(), ctx.login)
    try:
        staff = session.store.staff.by_login(login)
        if staff is None:
            raise NotFound(f"no staff member with login '{login}'")
        set_active(session, staff.id, active, staff.version)
    finally:
        session.store.close()


@click.group("staff")
def staff() -> None:
    """Activate or deactivate a staff member (supervisors)."""


@staff.command("deactivate")
@click.argument("login")
@pass_ctx
def deactivate(ctx: CliContext, login: str) -> None:
    """LOGIN can no longer log in: their SSH keys are revoked and leave authorized_keys."""
    _set_active(ctx, login, False)
    click.echo(f"Deactivated {login}; their SSH keys were revoked.")


@staff.command("activate")
@click.argument("login")
@pass_ctx
def activate(ctx: CliContext, login: str) -> None:
    """LOGIN may work again. Revoked keys stay revoked: add a new one with ssh-key add."""
    _set_active(ctx, login, True)
    click.echo(f"Activated {login}. No SSH key was restored; add one with 'mrss ssh-key add'.")


COMMANDS = [staff]
