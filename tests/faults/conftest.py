"""Fixtures of the fault tests: a small real disk (tmpfs) to fill."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def run_tool(*args: str) -> bool:
    return subprocess.run(args, capture_output=True).returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MB tmpfs (needs root to mount; skipped with the reason otherwise)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if not run_tool("mount", "-t", "tmpfs", "-o", "size=3m,mode=0700", "tmpfs", str(mount)):
        pytest.skip("cannot mount a tmpfs here (needs root)")
    yield mount
    run_tool("umount", "-l", str(mount))


def fill(mount: Path, leave: int) -> None:
    """Take all but ``leave`` bytes of the tmpfs (a file named 'ballast')."""
    free = shutil.disk_usage(mount).free
    if free > leave:
        (mount / "ballast").write_bytes(b"\0" * (free - leave))
