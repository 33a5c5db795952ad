"""The one place mrss writes files that may hold PHI: files 0600, folders 0700, whatever the umask.

Files are written to a temporary name in the same folder, created with mode 0600 from the start
(``os.open``, so no moment exists when they are readable by others), then renamed over the
target: a reader never sees half a file. Text files are for people (prints, lists, reports), so
they lose control characters on the way out, like everything else mrss shows.
"""

from __future__ import annotations

import os
from pathlib import Path

from mrss_tui.domain.text import strip_controls

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path) -> Path:
    """Make ``path`` (and missing parents) folders only their owner can open; returns it.
    A folder that already exists is left as it is: it may be /tmp or someone's home."""
    path = Path(path)
    missing = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    for folder in missing:  # mkdir's mode is masked by the umask
        os.chmod(folder, DIR_MODE)
    return path


def write_private_bytes(path: Path, data: bytes) -> Path:
    path = Path(path)
    private_dir(path.parent)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)  # O_CREAT's mode is masked by the umask; an old file kept its own
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    os.replace(temporary, path)
    return path


def write_private_text(path: Path, text: str) -> Path:
    return write_private_bytes(path, strip_controls(text).encode("utf-8"))


def reserve_private_file(path: Path) -> Path:
    """An empty 0600 file for a writer that opens the path itself (SQLite's backup): the file
    keeps this mode when the writer fills it. Refuses to reuse an existing file."""
    path = Path(path)
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    os.fchmod(fd, FILE_MODE)
    os.close(fd)
    return path
