"""Sending a PDF to the default printer with ``lp`` (CUPS), for the report and the safety plan."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from mrss_tui.errors import MrssError


class PrintFailed(MrssError):
    exit_code = 13
    title = "Not printed"  # what was saved before printing failed stays saved


def find_lp() -> str:
    """The lp command, or PrintFailed saying how to get it (checked before any work is done)."""
    lp = shutil.which("lp")
    if lp is None:
        raise PrintFailed("cannot print: the 'lp' command is not installed (Debian: apt install "
                          "cups-client); write a PDF and print it from there")
    return lp


def send_to_printer(lp: str, pdf_path: Path, title: str) -> None:
    """Hand one PDF file to lp; PrintFailed with lp's own first line when it refuses."""
    try:
        done = subprocess.run([lp, "-t", title, str(pdf_path)], capture_output=True, text=True,
                              timeout=60, check=False)
    except subprocess.TimeoutExpired:
        raise PrintFailed("lp did not answer within 60 s; is the print service running?") from None
    if done.returncode != 0:
        reason = (done.stderr or done.stdout).strip().splitlines()
        raise PrintFailed(f"lp could not print ({reason[0] if reason else f'exit {done.returncode}'})")
