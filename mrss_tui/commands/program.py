"""``mrss config set-profile PROFILE``: move a database to another program profile, on purpose."""

from __future__ import annotations

import click

from mrss_tui.commands.context import CliContext, pass_ctx


@click.group("config")
def config_group() -> None:
    """The database's program settings."""


@config_group.command("set-profile")
@click.argument("profile")
@pass_ctx
def set_profile_command(ctx: CliContext, profile: str) -> None:
    """Record PROFILE as this database's program (a supervisor; audited). Calls in adult age
    bands are re-banded for the new profile's scheme."""
    from mrss_tui.clock import SystemClock
    from mrss_tui.config import build_config
    from mrss_tui.errors import PermissionDenied
    from mrss_tui.store.db import Store
    from mrss_tui.workflow.context import Actor, Session
    from mrss_tui.workflow.program_profile import set_profile

    config = build_config({"profile": profile}, "set-profile")  # an unknown name stops here
    with Store.open(ctx.db_path) as store:
        staff = store.staff.by_login(ctx.login)
        if staff is None or not staff.active:
            raise PermissionDenied(f"no active staff member with login '{ctx.login}' in "
                                   f"{ctx.db_path}")
        before = store.program_meta.profile()
        session = Session(store, config, Actor.of(staff), SystemClock())
        rebanded = set_profile(session, profile)
    click.echo(f"{ctx.db_path} now belongs to the '{profile}' program (was "
               f"'{before or 'not recorded'}'); {rebanded} call(s) re-banded. Use a config with "
               f"profile = \"{profile}\" to open it.")


COMMANDS = [config_group]
