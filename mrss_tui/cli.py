"""The ``mrss`` command. With no sub-command it starts the TUI.

Sub-commands live in ``mrss_tui/commands/``, each module listing its commands in ``COMMANDS``.
The group is lazy: ``COMMAND_MODULES`` names the module of each command, and a module is imported
only when its command runs, so plain ``mrss`` (the TUI) imports none of them. A command missing
from the table is still found by scanning every module (``--help`` does that too).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from functools import cache
from pathlib import Path

import click

from mrss_tui import __version__
from mrss_tui.commands.context import CliContext
from mrss_tui.errors import MrssError


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
        try:
            return super().invoke(ctx)
        except MrssError as exc:
            click.echo(f"mrss: {exc}", err=True)
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except BrokenPipeError:
            # Output piped into e.g. `head` that stopped reading: not an error worth a report.
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(0)
        except KeyboardInterrupt:
            click.echo("mrss: interrupted", err=True)
            sys.exit(130)
        except Exception as exc:  # noqa: BLE001 - the last line of defence
            from mrss_tui.crash import write_crash_report

            cli_context = ctx.obj if isinstance(ctx.obj, CliContext) else CliContext(None, None, None)
            path = write_crash_report(exc, cli_context.crash_folder())
            where = f" A report without personal data is in {path}." if path else ""
            # Each save is one transaction, so earlier saves are kept; whether this command's
            # own change was saved is not known here, so say so.
            click.echo(f"mrss: unexpected problem ({type(exc).__name__}); this command may not "
                       f"have finished. Earlier saves are kept.{where}", err=True)
            sys.exit(70)


@click.group(cls=MrssGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", "db_opt", type=click.Path(path_type=Path), envvar="MRSS_DB",
              help="Database file (default: $MRSS_DB or the XDG data folder: ~/.local/share/mrss/mrss.db).")
@click.option("--config", "config_opt", type=click.Path(path_type=Path), envvar="MRSS_CONFIG",
              help="config.toml (default: $MRSS_CONFIG or ~/.config/mrss/config.toml; "
                   "built-in profile defaults if absent).")
@click.option("--as", "login_opt", metavar="LOGIN", envvar="MRSS_AS",
              help="The acting staff member's login (default: $MRSS_AS or your user name).")
@click.version_option(__version__, prog_name="mrss")
@click.pass_context
def main(ctx: click.Context, db_opt: Path | None, config_opt: Path | None,
         login_opt: str | None) -> None:
    """mrss: run a mobile crisis response line from one SQLite file."""
    ctx.obj = CliContext(db_opt, config_opt, login_opt)
    if ctx.invoked_subcommand is None:
        from mrss_tui.commands.tui import run_tui

        run_tui(ctx.obj)
