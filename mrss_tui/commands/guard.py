"""The last line of defence of every ``mrss`` command, with or without click: an MrssError is
one line on stderr, anything unexpected a crash report without personal data, never a
traceback."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

from mrss_tui.commands.global_options import CliContext
from mrss_tui.errors import MrssError

T = TypeVar("T")


def say(message: str) -> None:
    try:
        print(message, file=sys.stderr, flush=True)
    except OSError:
        pass  # the terminal is gone (a dropped link): the crash report, if any, is written


def run_guarded(action: Callable[[], T], cli_context: Callable[[], CliContext],
                passed_on: tuple[type[BaseException], ...] = ()) -> T:
    """``action()``; errors in ``passed_on`` (click's own) are raised as they are."""
    try:
        return action()
    except MrssError as exc:
        say(f"mrss: {exc}")
        sys.exit(exc.exit_code)
    except passed_on:
        raise
    except SystemExit:
        raise
    except BrokenPipeError:
        # Output piped into e.g. `head` that stopped reading: not an error worth a report.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except KeyboardInterrupt:
        say("mrss: interrupted")
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        from mrss_tui.crash import write_crash_report

        path = write_crash_report(exc, cli_context().crash_folder())
        where = f" A report without personal data is in {path}." if path else ""
        # Each save is one transaction, so earlier saves are kept; whether this command's
        # own change was saved is not known here, so say so.
        say(f"mrss: unexpected problem ({type(exc).__name__}); this command may not "
            f"have finished. Earlier saves are kept.{where}")
        sys.exit(70)
