"""Migration v0004 (the report's index) from a v0001 file and on a new one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from mrss_tui.store.db import Store
from mrss_tui.store.migrate import split_sql
from mrss_tui.store.migrations import all_migrations, latest_version


def index_names(store: Store) -> set[str]:
    return {r[0] for r in store.all("SELECT name FROM sqlite_master WHERE type = 'index'")}


def test_new_database_has_the_report_index(tmp_path: Path) -> None:
    with Store.open(tmp_path / "new.db", create=True) as store:
        assert "episodes_closed_opened" in index_names(store)


def test_v0001_file_is_upgraded_keeping_its_rows(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    first = next(m for m in all_migrations() if m.version == 1)
    for statement in split_sql(first.module.SQL):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        assert store.schema_version() == latest_version() >= 4
        assert "episodes_closed_opened" in index_names(store)
        assert store.scalar("SELECT value FROM app_meta WHERE key = 'app'") == "mrss-tui"
    assert (tmp_path / f"old.db.pre-v{latest_version()}.bak").is_file()
