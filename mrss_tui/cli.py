"""The ``mrss`` command. With no sub-command it starts the TUI.

Sub-commands live in ``mrss_tui/commands/``: every module there that defines ``COMMANDS`` is
added, so a feature adds its commands without editing this file. Heavy modules (Textual,
the store) are imported inside commands, keeping ``mrss --help`` fast.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from dataclasses import dataclass
from pathlib import Path

import click

from mrss_tui import __version__
from mrss_tui.errors import MrssError


@dataclass
class CliContext:
    db_opt: Path | None
    config_opt: Path | None
    login_opt: str | None

    @property
    def db_path(self) -> Path:
        from mrss_tui.paths import default_db_path

        return self.db_opt or default_db_path()

    def config(self):
        from mrss_tui.config import default_config_path, load_config

        return load_config(self.config_opt or default_config_path())

    @property
    def login(self) -> str:
        from mrss_tui.paths import default_login

        return self.login_opt or default_login()


pass_ctx = click.make_pass_decorator(CliContext)


class MrssGroup(click.Group):
    """Turns every MrssError into a one-line message and any other error into a crash report."""

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

            path = write_crash_report(exc)
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


def _add_commands() -> None:
    from mrss_tui import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        for command in getattr(module, "COMMANDS", ()):
            main.add_command(command)


_add_commands()
