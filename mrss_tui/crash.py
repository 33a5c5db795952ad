"""Crash reports that carry no PHI: exception types and code locations only.

Exception messages and local variables can hold what a user typed (a name, a phone number), so
they are never written. The report is enough to find the failing line.
"""

from __future__ import annotations

import os
import sys
import traceback
from datetime import datetime, timezone
from pathlib import Path

from mrss_tui import __version__


def describe(exc: BaseException) -> str:
    lines = [f"mrss {__version__} crash report (no messages or values are recorded)",
             f"python {sys.version.split()[0]}",
             f"time {datetime.now(timezone.utc):%Y-%m-%dT%H:%M:%SZ}"]
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        lines.append(f"exception {type(current).__module__}.{type(current).__qualname__}")
        for frame in traceback.extract_tb(current.__traceback__):
            lines.append(f"  at {_short(frame.filename)}:{frame.lineno} in {frame.name}")
        current = current.__cause__ or current.__context__
    return "\n".join(lines) + "\n"


def _short(filename: str) -> str:
    marker = f"{os.sep}mrss_tui{os.sep}"
    if marker in filename:
        return "mrss_tui/" + filename.split(marker, 1)[1]
    return os.path.basename(filename)


def write_crash_report(exc: BaseException, folder: Path) -> Path | None:
    """Into ``folder``: the crash folder of ``[paths]`` (workflow/files.py), which the caller
    knows from its config and database."""
    try:
        from mrss_tui.workflow.files import write_private_text

        path = folder / f"crash-{datetime.now(timezone.utc):%Y%m%dT%H%M%S}-{os.getpid()}.txt"
        return write_private_text(path, describe(exc))
    except OSError:
        return None
