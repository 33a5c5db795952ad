"""The ``mrss`` command (click). With no sub-command it starts the TUI; plain ``mrss`` with only
global options starts it without click (launch.py), everything else comes here.

Sub-commands live in ``mrss_tui/commands/``, each module listing its commands in ``COMMANDS``.
The group is lazy: ``COMMAND_MODULES`` names the module of each command, and a module is imported
only when its command runs, so plain ``mrss`` (the TUI) imports none of them. A command missing
from the table is still found by scanning every module (``--help`` does that too).
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from pathlib import Path

import click

from mrss_tui import __version__
from mrss_tui.commands.global_options import GLOBAL_OPTIONS, CliContext
from mrss_tui.commands.guard import run_guarded


COMMAND_MODULES = {
    "backup": "core", "check": "core", "demo": "core", "init": "core",
    "accounting": "accounting", "config": "program",
    "directory": "directory", "report": "report", "ssh-key": "ssh_key", "staff": "staff",
    "worker": "worker", "replicate": "replica", "restore": "replica",
    "ack-server": "ack_server", "ack-key": "ack_server", "sms-reply": "ack_server",
}


@cache
def declared_commands() -> dict[str, click.Command]:
    """Every command module's ``COMMANDS``, by importing them all (help, tests, unknown names)."""
    from mrss_tui import commands

    found: dict[str, click.Command] = {}
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        for command in getattr(module, "COMMANDS", ()):
            found[command.name] = command
    return found


class MrssGroup(click.Group):
    """Turns every MrssError into a one-line message and any other error into a crash report.
    Sub-commands are imported when used (see ``COMMAND_MODULES``)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(declared_commands())

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module_name = COMMAND_MODULES.get(cmd_name)
        if module_name is not None:
            module = importlib.import_module(f"mrss_tui.commands.{module_name}")
            for command in getattr(module, "COMMANDS", ()):
                if command.name == cmd_name:
                    return command
        return declared_commands().get(cmd_name)

    def invoke(self, ctx: click.Context):
        def cli_context() -> CliContext:
            return ctx.obj if isinstance(ctx.obj, CliContext) else CliContext(None, None, None)

        return run_guarded(lambda: super(MrssGroup, self).invoke(ctx), cli_context,
                           passed_on=(click.exceptions.Exit, click.exceptions.Abort,
                                      click.ClickException))


def global_options(command):
    """``--db``, ``--config`` and ``--as`` as click options (declared in global_options.py)."""
    for option in reversed(GLOBAL_OPTIONS):
        kind = click.Path(path_type=Path) if option.is_path else None
        command = click.option(option.flag, option.dest, type=kind, envvar=option.envvar,
                               metavar=option.metavar, help=option.help)(command)
    return command


@click.group(cls=MrssGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@global_options
@click.version_option(__version__, prog_name="mrss")
@click.pass_context
def main(ctx: click.Context, db_opt: Path | None, config_opt: Path | None,
         login_opt: str | None) -> None:
    """mrss: run a mobile crisis response line from one SQLite file."""
    ctx.obj = CliContext(db_opt, config_opt, login_opt)
    if ctx.invoked_subcommand is None:
        from mrss_tui.commands.tui import run_tui

        run_tui(ctx.obj)
