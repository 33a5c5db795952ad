"""Bringing a file's schema up to date, one migration at a time, each in its own transaction.

A file that already holds data is copied first (``<name>.pre-vN.bak``), through SQLite's
backup API: only SQLite touches the database file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

from mrss_tui.store.connect import open_connection
from mrss_tui.store.migrations import all_migrations


def split_sql(script: str) -> Iterator[str]:
    """Statements of a script, one at a time (triggers hold semicolons, so ask SQLite)."""
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statement = buffer.strip()
            buffer = ""
            if statement:
                yield statement
    if buffer.strip():
        raise ValueError("migration SQL ends with an incomplete statement")


def user_tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return [r[0] for r in rows]


def backup_to(conn: sqlite3.Connection, dest: Path) -> None:
    target = open_connection(dest, create=True)  # a new file is created 0600 (it holds PHI)
    try:
        conn.backup(target)
    finally:
        target.close()


def migrate(conn: sqlite3.Connection, path: Path | None = None, *,
            target: int | None = None) -> list[int]:
    """Bring the file up to the latest schema (or ``target``); returns the versions applied.

    A file that already holds data is copied to ``<name>.pre-vN.bak`` first.
    """
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    pending = [m for m in all_migrations()
               if m.version > current and (target is None or m.version <= target)]
    if not pending:
        return []
    if current > 0 and path is not None:
        backup_to(conn, path.with_name(f"{path.name}.pre-v{pending[-1].version}.bak"))
    applied = []
    for migration in pending:
        conn.execute("BEGIN IMMEDIATE")
        try:
            for statement in split_sql(getattr(migration.module, "SQL", "")):
                conn.execute(statement)
            upgrade = getattr(migration.module, "upgrade", None)
            if upgrade is not None:
                upgrade(conn)
            conn.execute(f"PRAGMA user_version = {migration.version}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        applied.append(migration.version)
    return applied
