"""The one place a connection to a database file is opened, and what SQLite's errors mean.

Only SQLite may hold a file descriptor on the database file, its -wal and its -shm. Closing any
other descriptor on them drops every POSIX lock this process holds on the file, including the
locks of its live connections; the next process to close its last connection then thinks it is
alone, checkpoints and deletes the live WAL under everyone else ("How To Corrupt An SQLite
Database File", section 2.2). So nothing here opens the file itself: what kind of file it is comes
from ``os.stat``/``os.access`` (which open no descriptor) and from SQLite's own answers.

A file found damaged during use is remembered (in this process, and in a ``<name>.damaged`` mark
beside it for every other process): no write transaction starts on it again until
``mrss check`` finds it whole.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from urllib.parse import quote

from mrss_tui.store.damage import (  # noqa: F401 - the store's names for them
    SQLITE_CORRUPT,
    SQLITE_NOTADB,
    clear_damage,
    damage_mark,
    error_code,
    hold_writes,
    known_damaged,
    record_damage,
    refuse_damaged,
)
from mrss_tui.errors import (
    DatabaseDamaged,
    DatabaseError,
    DatabaseReadOnly,
    DiskFull,
    ValidationFailed,
)

BUSY_TIMEOUT_SECONDS = 10.0

# Primary result codes (the low byte of sqlite_errorcode).
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
ROOM_NEEDED = 64 * 1024  # below this, SQLite cannot even size a -shm: the disk is full


SQLITE_SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


def refuse_database_target(target: Path, db_path: Path, what: str) -> None:
    """Refuse to write ``what`` at the live database or at one of SQLite's files beside it
    (-wal, -shm, -journal: a copy named -journal would be played back as a hot journal), by
    name, through a symbolic link, or as a hard link to the database itself."""
    names = set()
    for base in (Path(db_path).expanduser(), Path(db_path).expanduser().resolve()):
        names |= {f"{base}{suffix}" for suffix in ("", *SQLITE_SIDE_SUFFIXES)}
    target = Path(target).expanduser()
    clash = str(target) in names or str(target.resolve()) in names
    try:
        clash = clash or os.path.samefile(target, db_path)  # stat only: no descriptor
    except OSError:
        pass
    if clash:
        raise ValidationFailed(f"{target} is the live database {db_path} or one of SQLite's "
                               f"files beside it: writing {what} there would destroy it. Choose "
                               "another file name; nothing was written")


def preflight(path: Path, *, create: bool, diagnose: bool = False) -> bool:
    """What can be known without opening the file; returns whether it already exists.

    Refuses folders, empty (0-byte) files, unreadable or read-only files and folders, and files
    another process found damaged (unless ``diagnose``: ``mrss check`` must still look).
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if not create:
            raise DatabaseError(f"no database at {path}; create one with 'mrss init' or 'mrss demo'") from None
        if not path.parent.is_dir():
            raise DatabaseError(f"folder {path.parent} does not exist") from None
        if not os.access(path.parent, os.W_OK | os.X_OK):
            raise DatabaseReadOnly(f"cannot create {path}: the folder {path.parent} is read-only "
                                   "for this user") from None
        return False
    except PermissionError:
        raise DatabaseError(f"no permission to reach {path}; check the folders' owner and mode") from None
    if stat.S_ISDIR(info.st_mode):
        raise DatabaseError(f"{path} is a folder, not a database file")
    if not stat.S_ISREG(info.st_mode):
        raise DatabaseError(f"{path} is not a regular file; nothing was changed")
    if info.st_size == 0:
        raise DatabaseError(f"{path} is an empty file (0 bytes), not an mrss database; nothing was "
                            "changed. If 'mrss init' was interrupted, remove it and run init again")
    if not os.access(path, os.R_OK):
        raise DatabaseError(f"no permission to read {path}; check the file's owner and mode")
    if not diagnose:
        _refuse_read_only(path, info)
        if known_damaged(path):
            raise DatabaseDamaged(
                f"{path} was found damaged ({damage_mark(path).name} is "
                "beside it); nothing was changed. Run 'mrss check', then restore a backup")
    return True


def _refuse_read_only(path: Path, info: os.stat_result) -> None:
    if os.statvfs(path.parent).f_flag & os.ST_RDONLY:
        raise DatabaseReadOnly(f"{path} is on a read-only disk (mounted read-only)")
    if not os.access(path, os.W_OK):
        raise DatabaseReadOnly(f"{path} is read-only for this user (mode {stat.S_IMODE(info.st_mode):o}); "
                               "mrss must write to it: check the file's owner and mode")
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise DatabaseReadOnly(f"the folder {path.parent} is read-only for this user; SQLite must create "
                               f"{path.name}-wal and {path.name}-shm there: check the folder's owner "
                               "and mode")


class GuardedConnection(sqlite3.Connection):
    """A connection that turns damage, a full disk and read-only files into one-line errors,
    and never starts a write transaction on a file known to be damaged."""

    db_path = Path()
    opened = False  # until Store.open has checked the file, errors go to describe_open_error


    def execute(self, sql: str, parameters=(), /):  # type: ignore[override]
        if sql.startswith("BEGIN IMMEDIATE"):
            hold_writes(self, self.db_path)  # a background quick_check still running: wait
            if known_damaged(self.db_path):
                raise DatabaseDamaged(_damaged_text(self.db_path))
        try:
            return super().execute(sql, parameters)
        except sqlite3.DatabaseError as exc:
            raise self._translate(exc) from None

    def executemany(self, sql: str, parameters, /):  # type: ignore[override]
        try:
            return super().executemany(sql, parameters)
        except sqlite3.DatabaseError as exc:
            raise self._translate(exc) from None

    def _translate(self, exc: sqlite3.DatabaseError) -> Exception:
        return translate(self.db_path, exc) if self.opened else exc

    def commit(self) -> None:
        try:
            super().commit()
        except sqlite3.DatabaseError as exc:
            raise self._translate(exc) from None


def _damaged_text(path: Path) -> str:
    return (f"{path} is damaged, so mrss has stopped writing to it: this change was not saved. "
            "Run 'mrss check' and restore a backup")


def disk_full(path: Path) -> bool:
    """No room left for this user on the disk holding ``path`` (root may use the reserve)."""
    try:
        info = os.statvfs(path.parent)
    except OSError:
        return False
    free = info.f_bfree if os.geteuid() == 0 else info.f_bavail
    return free * info.f_frsize < ROOM_NEEDED


def is_disk_full(path: Path, exc: sqlite3.Error) -> bool:
    """SQLITE_FULL, or the I/O error SQLite reports when it cannot grow its -shm or -wal."""
    code = error_code(exc)
    return code == SQLITE_FULL or (code == SQLITE_IOERR and disk_full(path))


def disk_full_error(path: Path) -> DiskFull:
    return DiskFull(f"disk full: the disk holding {path.parent} has no free space, so {path.name} "
                    "cannot be used; nothing was changed. Free space there, then try again")


def translate(path: Path, exc: sqlite3.DatabaseError) -> Exception:
    """The user's words for SQLite's error; errors with no special meaning pass unchanged."""
    code = error_code(exc)
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        record_damage(path)
        return DatabaseDamaged(f"{path} is damaged ({exc}); mrss has stopped writing to it and the "
                               "change being saved was not saved. Run 'mrss check' and restore a backup")
    if is_disk_full(path, exc):
        return DiskFull(f"disk full: the change being saved was not saved (SQLite rolled it back; what "
                        f"was saved before is kept). Free space on the disk holding {path.parent}, "
                        "then save again")
    if code == SQLITE_READONLY:
        return DatabaseReadOnly(f"cannot write {path}: it is read-only now (file or folder mode, or "
                                "a read-only disk); the change being saved was not saved")
    return exc


def _create_private(path: Path) -> None:
    """A new database holds PHI: create it 0600 whatever the umask; SQLite keeps that mode and
    gives its -wal and -shm the same. Only a file that does not exist yet is created here (O_EXCL),
    so no process can hold SQLite locks on it: closing this descriptor drops nobody's locks."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    except OSError:
        return  # SQLite's own open reports the cause (no folder, no permission)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def open_connection(path: Path, *, create: bool = False,
                    uri_flags: str | None = None) -> sqlite3.Connection:
    """The only call to ``sqlite3.connect`` in mrss. Without ``create`` SQLite may not make a file;
    ``uri_flags`` replaces the mode (``open_read_only``)."""
    flags = uri_flags or f"mode={'rwc' if create else 'rw'}"
    if create:
        _create_private(path)
    try:
        conn = sqlite3.connect(f"file:{quote(str(path))}?{flags}", uri=True,
                               timeout=BUSY_TIMEOUT_SECONDS, factory=GuardedConnection)
    except sqlite3.Error as exc:
        raise DatabaseError(f"cannot open {path}: {exc}") from None
    conn.db_path = path
    conn.row_factory = sqlite3.Row
    return conn


def folder_writable(path: Path) -> bool:
    """Whether SQLite could make a -wal and -shm beside ``path`` (mode, read-only mount or the
    immutable flag, which stop even root: access() answers for all three)."""
    return os.access(path.parent, os.W_OK | os.X_OK)


def open_read_only(path: Path) -> tuple[sqlite3.Connection, bool]:
    """A connection that cannot write, checkpoint or remove a -wal (``mode=ro``), for ``mrss
    check``. Where no -wal can be made beside the file (a read-only folder) or the file itself
    is read-only and no -wal is there (so no writer is at work), ``immutable`` reads the main
    file as it is, creating nothing beside it. Returns (connection, immutable)."""
    wal_present = any(Path(f"{path}{s}").exists() for s in ("-wal", "-shm"))
    immutable = not folder_writable(path) or (not wal_present and not os.access(path, os.W_OK))
    conn = open_connection(path, uri_flags="mode=ro&immutable=1" if immutable else "mode=ro")
    conn.execute("PRAGMA query_only = ON")  # a second lock on "never writes"
    return conn, immutable


def describe_open_error(path: Path, exc: sqlite3.DatabaseError) -> DatabaseError:
    """While opening, damage means the file is not (or no longer) a usable mrss database."""
    code = error_code(exc)
    text = str(exc)
    if is_disk_full(path, exc):
        return disk_full_error(path)
    if code == SQLITE_NOTADB:
        return DatabaseError(f"{path} is not an SQLite database (or its first page is damaged); "
                             "nothing was changed")
    if code == SQLITE_CORRUPT:
        return DatabaseDamaged(f"{path} is damaged ({text}); nothing was changed. Run 'mrss check' "
                               "and restore a backup")
    if "locked" in text or "busy" in text:
        return DatabaseError(f"{path} is locked by another process for too long; try again")
    if code == SQLITE_READONLY or "readonly" in text or "unable to open" in text:
        return DatabaseReadOnly(f"cannot write {path} ({text}); check the file's and the folder's "
                                "owner and mode")
    return DatabaseError(f"{path}: {text}")
