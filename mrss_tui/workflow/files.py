"""The one place mrss writes files that may hold PHI: files 0600, folders 0700, whatever the umask,
under a folder keyed to the database they came from.

Files are written to a temporary name in the same folder, created with mode 0600 from the start
(``os.open``, so no moment exists when they are readable by others), then renamed over the
target: a reader never sees half a file. Text files are for people (prints, lists, reports), so
they lose control characters on the way out, like everything else mrss shows.

Every output goes under a folder keyed to its database (by default next to it), so two deployments
run by one user (a Connecticut line and an Oklahoma City team, a test copy and the live file)
never overwrite each other's prints. ``output_place`` is the one function that decides each folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from mrss_tui.config import PathsConfig
from mrss_tui.domain.plain_text import strip_controls

FILE_MODE = 0o600
DIR_MODE = 0o700
# "reports" are those a person writes (CLI, reports screen); "filed-reports" those the worker files:
# apart, so neither ever replaces the other's file.
KINDS = ("safety-plans", "prints", "reports", "filed-reports", "exports", "crash", "replica")


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


def make_private(path: Path) -> Path:
    """0600 for a file another library wrote (fpdf's PDF output)."""
    os.chmod(path, FILE_MODE)
    return path


def database_key(db_path: Path) -> str:
    """'mrss-3f2a9c41d0e7': the file's stem and 12 hex digits of its resolved path."""
    import hashlib  # on first use: hashlib loads OpenSSL, and the start needs no key

    resolved = str(Path(db_path).expanduser().resolve())
    digest = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:12]
    stem = "".join(c if c.isalnum() or c in "-_" else "_" for c in Path(db_path).stem)[:40]
    return f"{stem or 'mrss'}-{digest}"


def output_place(paths: PathsConfig, db_path: Path, kind: str) -> Path:
    """THE decision of where one kind of output of one database goes (not made here).

    ``[paths].filed_reports`` for the worker's reports; else ``[paths].output``, under this
    database's key; else a folder next to the database (``/var/lib/mrss/mrss-files/prints`` for
    ``/var/lib/mrss/mrss.db``), so the service account's data folder holds everything and
    nothing depends on HOME."""
    if kind not in KINDS:
        raise ValueError(f"unknown output kind {kind!r}")
    if kind == "filed-reports" and paths.filed_reports:
        return Path(paths.filed_reports).expanduser()
    if paths.output:
        return Path(paths.output).expanduser() / database_key(db_path) / kind
    database = Path(db_path).expanduser().absolute()
    return database.parent / f"{database.stem}-files" / kind


def output_folder(paths: PathsConfig, db_path: Path, kind: str) -> Path:
    """The folder for one kind of output of one database, made (0700) if missing."""
    return private_dir(output_place(paths, db_path, kind))


def unused_path(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem.suffix``, or ``stem-2.suffix``, ``stem-3.suffix``... whichever is free, so
    a new print never replaces an older one."""
    candidate = folder / f"{stem}{suffix}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{n}{suffix}"
        n += 1
    return candidate
