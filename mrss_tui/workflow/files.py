"""Where mrss writes the files it makes (safety plans, referral lists, weekly reports).

Every file goes under a folder keyed to the database it came from, so two deployments run by one
user (a Connecticut line and an Oklahoma City team, a test copy and the live file) never
overwrite each other's prints. The key is the database file's name plus a short hash of its full
resolved path: readable in a file manager, different for every database file.

Folders are made 0700 whatever the umask (they hold PHI: a safety plan is a person's plan).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

KINDS = ("safety-plans", "prints", "reports")


def database_key(db_path: Path) -> str:
    """'mrss-3f2a9c41d0e7': the file's stem and 12 hex digits of its resolved path."""
    resolved = str(Path(db_path).expanduser().resolve())
    digest = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:12]
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in Path(db_path).stem)[:40]
    return f"{stem or 'mrss'}-{digest}"


def output_root(base: Path | None = None) -> Path:
    """$MRSS_OUTPUT, else the XDG data folder's ``output``."""
    if base is not None:
        return base
    env = os.environ.get("MRSS_OUTPUT")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("mrss") / "output"


def output_folder(db_path: Path, kind: str, *, base: Path | None = None) -> Path:
    """The folder for one kind of output of one database, made (0700) if missing."""
    if kind not in KINDS:
        raise ValueError(f"unknown output kind {kind!r}")
    folder = output_root(base) / database_key(db_path) / kind
    _private_dirs(folder)
    return folder


def _private_dirs(folder: Path) -> None:
    missing = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    for path in reversed(missing):
        path.mkdir(mode=0o700, exist_ok=True)
        os.chmod(path, 0o700)  # mkdir's mode is cut by the umask


def unused_path(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem.suffix``, or ``stem-2.suffix``, ``stem-3.suffix``... whichever is free, so
    a new print never replaces an older one."""
    candidate = folder / f"{stem}{suffix}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{n}{suffix}"
        n += 1
    return candidate


def write_private_text(path: Path, text: str) -> Path:
    """Write a text file created 0600 whatever the umask (it holds PHI)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(path, 0o600)
    return path


def make_private(path: Path) -> Path:
    """0600 for a file another library wrote (fpdf's PDF output)."""
    os.chmod(path, 0o600)
    return path
