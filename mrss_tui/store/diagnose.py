"""``mrss check``: what SQLite finds in a file, without writing to it and without crashing on damage."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from mrss_tui.errors import DatabaseError
from mrss_tui.store.db import APP_ID
from mrss_tui.store.connect import (
    SQLITE_NOTADB,
    clear_damage,
    damage_mark,
    open_connection,
    preflight,
)

MAX_PROBLEMS = 100


@dataclass
class Diagnosis:
    version: int
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    mark_cleared: bool = False


def diagnose(path: Path, tables: tuple[str, ...]) -> Diagnosis:
    """Integrity (and, when the pages are whole, foreign keys and row counts) of the file.

    Raises DatabaseError for what is not an mrss database at all (missing, empty, not SQLite,
    another program's SQLite file); damage is returned as problems, never raised.
    """
    preflight(path, create=False, diagnose=True)
    conn = open_connection(path)
    try:
        conn.execute("PRAGMA query_only = ON")  # a check never writes, least of all to a damaged file
        try:
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            if (exc.sqlite_errorcode & 0xFF) == SQLITE_NOTADB:
                raise DatabaseError(f"{path} is not an SQLite database (or its first page is "
                                    "damaged); nothing was changed") from None
            return Diagnosis(0, [f"the file cannot be read: {exc}"])
        diagnosis = Diagnosis(version, _integrity(conn))
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


def _integrity(conn: sqlite3.Connection) -> list[str]:
    try:
        rows = conn.execute(f"PRAGMA integrity_check({MAX_PROBLEMS})").fetchall()
    except sqlite3.DatabaseError as exc:
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
