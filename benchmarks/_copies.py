"""Benchmarks work on copies: running mrss (its jobs) writes follow-ups and alerts."""

from __future__ import annotations

import compileall
import os
import shutil
import sys
import tempfile
from pathlib import Path

MRSS = str(Path(sys.executable).with_name("mrss"))
CONFIG = Path(__file__).resolve().parent.parent / "config.toml"  # the shipped example


def require(db: str | Path) -> Path:
    path = Path(db)
    if not path.exists():
        sys.exit(f"{path} not found: build it with benchmarks/build_tenyear.py")
    for suffix in ("-wal", "-journal"):
        if Path(f"{path}{suffix}").exists():
            sys.exit(f"{path}{suffix} exists: the source database is in use; stop that first")
    return path


def working_copy(db: str | Path, folder: Path | None = None) -> Path:
    """A copy of ``db`` in a fresh temporary folder (removed by the OS's /tmp policy or the
    caller). The source is never opened by SQLite, so it stays byte-identical."""
    source = require(db)
    folder = folder or Path(tempfile.mkdtemp(prefix="mrss-bench-"))
    dest = folder / source.name
    # 0600 from the start, as mrss makes its own files: the copy holds (fictional) PHI.
    descriptor = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    with open(source, "rb") as original, os.fdopen(descriptor, "wb") as copy:
        shutil.copyfileobj(original, copy, 1 << 20)
    anchors = source.with_name(f"{source.name}.audit")  # the audit key and heads, if any
    if anchors.is_dir():
        shutil.copytree(anchors, dest.with_name(f"{dest.name}.audit"))
    return dest


def mrss_argv(db: Path, login: str = "coord") -> list[str]:
    # The shipped config.toml, never the user's own.
    return [MRSS, "--db", str(db), "--config", str(CONFIG), "--as", login]


def compile_package() -> None:
    """Write mrss_tui's bytecode before timing a start. An installed package has it (pip
    compiles on install) and so does Textual, the baseline's only import; an editable checkout
    run with PYTHONDONTWRITEBYTECODE=1 would otherwise compile ~100 modules from source at every
    start and the ratio would measure the compiler, not mrss."""
    package = Path(__file__).resolve().parent.parent / "mrss_tui"
    if not compileall.compile_dir(package, quiet=1):
        sys.exit(f"could not compile {package}")
