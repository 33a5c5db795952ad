"""``mrss check``: what SQLite finds in a file, without writing to it and without crashing on damage."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from mrss_tui.clock import SystemClock
from mrss_tui.errors import DatabaseError, DiskFull
from mrss_tui.store.connect import (
    SQLITE_CORRUPT,
    SQLITE_NOTADB,
    clear_damage,
    damage_mark,
    error_code,
    is_disk_full,
    open_read_only,
    preflight,
)
from mrss_tui.store.db import APP_ID, Store, closed_on_error

MAX_PROBLEMS = 100


@dataclass
class Diagnosis:
    version: int
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    mark_cleared: bool = False
    note: str = ""  # how the file was read, when that limits what was checked


def diagnose(path: Path, tables: tuple[str, ...]) -> Diagnosis:
    """Integrity (and, when the pages are whole, foreign keys and row counts) of the file.

    Reads through a connection that cannot write (never a checkpoint, never a -wal removed).
    Raises DatabaseError for what is not an mrss database at all (missing, empty, not SQLite,
    another program's SQLite file), DiskFull for a full disk, and DatabaseError for a file that
    could not be read for a reason other than damage; damage found in the file is returned as
    problems, never raised.
    """
    preflight(path, create=False, diagnose=True)
    conn, immutable = open_read_only(path)
    try:
        version = int(_read(conn, path, "PRAGMA user_version")[0][0])
        diagnosis = Diagnosis(version, _integrity(conn, path))
        if immutable:
            diagnosis.note = ("the file or its folder is read-only: the main file was checked "
                              "as it is on disk (a -wal beside it, if any, was not read)")
        if diagnosis.problems:
            return diagnosis
        _require_mrss(conn, path, version)
        diagnosis.problems += _foreign_keys(conn)
        diagnosis.counts = _counts(conn, tables)
    finally:
        conn.close()
    if not diagnosis.problems and damage_mark(path).exists():
        diagnosis.mark_cleared = clear_damage(path)
    return diagnosis


def read_only_store(path: Path) -> Store:
    """A store that cannot write, for the rest of ``mrss check`` (the audit chain, key lines):
    no migration, no WAL switch, no checkpoint or -wal removal when it closes."""
    preflight(path, create=False, diagnose=True)
    conn, _immutable = open_read_only(path)
    with closed_on_error(conn, path):
        Store._verify(conn, path, new=False)
    conn.opened = True
    store = Store(conn, path, SystemClock())
    store.read_only = True
    return store


def _read(conn: sqlite3.Connection, path: Path, sql: str) -> list:
    """Run a check; what is not damage (a full disk, a file that cannot be read) is raised
    with its own words, so it is never mistaken for damage."""
    try:
        return conn.execute(sql).fetchall()
    except sqlite3.DatabaseError as exc:
        code = error_code(exc)
        if code == SQLITE_NOTADB:
            raise DatabaseError(f"{path} is not an SQLite database (or its first page is "
                                "damaged); nothing was changed") from None
        if code == SQLITE_CORRUPT:
            raise _Damage(str(exc)) from None
        if is_disk_full(path, exc):
            raise DiskFull(f"disk full: the disk holding {path.parent} has no free space, so "
                           f"the check could not read {path.name} (this is not damage). Free "
                           "space there, then run 'mrss check' again") from None
        raise DatabaseError(f"{path} could not be read ({exc}); this is not damage found in "
                            "the file: check the disk, the file's and the folder's owner and "
                            "mode, then run 'mrss check' again") from None


class _Damage(Exception):
    """The check itself stopped on a damaged page."""


def _integrity(conn: sqlite3.Connection, path: Path) -> list[str]:
    try:
        rows = _read(conn, path, f"PRAGMA integrity_check({MAX_PROBLEMS})")
    except _Damage as exc:
        return [f"integrity_check stopped: {exc}"]
    return [str(r[0]) for r in rows if r[0] != "ok"]


def _require_mrss(conn: sqlite3.Connection, path: Path, version: int) -> None:
    has_meta = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'app_meta'").fetchone()
    app = conn.execute("SELECT value FROM app_meta WHERE key = 'app'").fetchone() if has_meta else None
    if version == 0 or app is None or app[0] != APP_ID:
        raise DatabaseError(f"{path} is an SQLite database but not an mrss one; nothing was changed")


def _foreign_keys(conn: sqlite3.Connection) -> list[str]:
    try:
        rows = conn.execute("PRAGMA foreign_key_check").fetchmany(MAX_PROBLEMS)
    except sqlite3.DatabaseError as exc:
        return [f"foreign_key_check stopped: {exc}"]
    return [f"foreign key: {r[0]} row {r[1]} refers to a missing {r[2]}" for r in rows]


def _counts(conn: sqlite3.Connection, tables: tuple[str, ...]) -> dict[str, int]:
    known = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {t: int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in tables if t in known}
