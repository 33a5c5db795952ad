"""``mrss backup``: a verified copy, or nothing at DEST.

The copy goes through SQLite's online backup API (a consistent snapshot, safe while others write)
into a temporary name beside DEST, is checked with integrity_check, and only then takes DEST's
name (a hard link, so an existing DEST is never overwritten). Any failure removes the temporary
file and says why: no space, no permission, or a damaged source.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from mrss_tui.errors import DatabaseDamaged, DatabaseError, DatabaseReadOnly, DiskFull
from mrss_tui.store.audit_files import audit_folder, copy_anchors
from mrss_tui.store.connect import SQLITE_CORRUPT, SQLITE_FULL, SQLITE_NOTADB, open_connection
from mrss_tui.store.db import Store

SIDE_FILES = ("", "-journal", "-wal", "-shm")


def verified_backup(store: Store, dest: Path) -> None:
    if dest.exists():
        raise DatabaseError(f"{dest} already exists; choose a new file name")
    if not dest.parent.is_dir():
        raise DatabaseError(f"folder {dest.parent} does not exist")
    if not os.access(dest.parent, os.W_OK | os.X_OK):
        raise DatabaseReadOnly(f"permission denied: cannot write in {dest.parent}; nothing was "
                               f"written at {dest.name}")
    if audit_folder(dest).exists():
        raise DatabaseError(f"{audit_folder(dest)} already exists; choose a new file name")
    partial = dest.with_name(f".{dest.name}.partial-{os.getpid()}")
    try:
        _copy(store, partial)
        last_audit_row = _verify(partial, store.path)
        # The copy's audit key and heads go with it (DEST.audit/), or a restored copy could
        # not show its own audit trail is whole.
        copy_anchors(store.path, dest, last_audit_row)
        _name(partial, dest)
    finally:
        _remove(partial)


def _name(partial: Path, dest: Path) -> None:
    """Give the verified copy DEST's name without ever replacing a file that appeared there."""
    try:
        os.link(partial, dest)
    except FileExistsError:
        raise DatabaseError(f"{dest} appeared while the backup was written; choose a new "
                            "file name") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV):
            raise _os_error(dest, exc) from None
        if dest.exists():  # a file system without hard links (e.g. FAT on a USB stick)
            raise DatabaseError(f"{dest} appeared while the backup was written") from None
        os.rename(partial, dest)


def _copy(store: Store, partial: Path) -> None:
    target = open_connection(partial, create=True)
    try:
        store.conn.backup(target)
    except sqlite3.DatabaseError as exc:
        raise _sqlite_error(store.path, partial, exc) from None
    finally:
        target.close()


def _verify(partial: Path, source: Path) -> int:
    """Integrity of the copy; returns its last audit row id."""
    conn = open_connection(partial)
    try:
        rows = conn.execute("PRAGMA integrity_check(20)").fetchall()
        last_audit_row = conn.execute("SELECT coalesce(max(id), 0) FROM audit").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise _sqlite_error(source, partial, exc) from None
    finally:
        conn.close()
    problems = [r[0] for r in rows if r[0] != "ok"]
    if problems:
        raise DatabaseDamaged(f"the copy failed its integrity check ({problems[0]}): the database "
                              f"{source} is damaged. Nothing was written at the destination; run "
                              "'mrss check'")
    return int(last_audit_row)


def _sqlite_error(source: Path, partial: Path, exc: sqlite3.DatabaseError) -> DatabaseError:
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF
    if code == SQLITE_FULL:
        return DiskFull(f"disk full: no space for the backup in {partial.parent}; nothing was "
                        "written there and the database is unchanged")
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return DatabaseDamaged(f"the database {source} is damaged ({exc}); no backup was written. "
                               "Run 'mrss check'")
    if "readonly" in str(exc) or "unable to open" in str(exc):
        return DatabaseReadOnly(f"permission denied: cannot write the backup in {partial.parent} "
                                f"({exc}); nothing was written there")
    return DatabaseError(f"the backup failed ({exc}); nothing was written at the destination")


def _os_error(dest: Path, exc: OSError) -> DatabaseError:
    if isinstance(exc, PermissionError):
        return DatabaseReadOnly(f"permission denied: cannot create {dest}; nothing was written there")
    return DatabaseError(f"cannot create {dest} ({exc.strerror}); nothing was written there")


def _remove(partial: Path) -> None:
    """The temporary copy: a file only this process knows, its connections already closed."""
    for suffix in SIDE_FILES:
        Path(f"{partial}{suffix}").unlink(missing_ok=True)
