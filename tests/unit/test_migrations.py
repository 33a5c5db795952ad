from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from mrss_tui.store.db import Store
from mrss_tui.store.migrate import migrate
from mrss_tui.store.migrations import all_migrations, latest_version


def test_from_an_empty_file(tmp_path: Path, clock) -> None:
    with Store.open(tmp_path / "new.db", create=True, clock=clock) as store:
        assert store.schema_version() == latest_version()
        assert store.integrity_problems() == []
    assert not list(tmp_path.glob("*.bak"))  # nothing to keep from an empty file


@pytest.mark.parametrize("start", [m.version for m in all_migrations()][:-1] or [None])
def test_from_every_earlier_version(tmp_path: Path, clock, start: int | None) -> None:
    if start is None:
        pytest.skip("only one schema version exists so far")
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    migrate(conn, path, target=start)
    conn.execute("INSERT INTO staff(login, name, role, created_at, updated_at) "
                 "VALUES ('old', 'Old Timer', 'supervisor', '2020-01-01T00:00:00Z', "
                 "'2020-01-01T00:00:00Z')")
    conn.commit()
    conn.close()
    with Store.open(path, clock=clock) as store:
        assert store.schema_version() == latest_version()
        assert store.staff.by_login("old") is not None
        assert store.integrity_problems() == []
    backups = list(tmp_path.glob(f"old.db.pre-v{latest_version()}.bak"))
    assert len(backups) == 1
    assert sqlite3.connect(backups[0]).execute("PRAGMA user_version").fetchone()[0] == start


def test_a_failing_migration_leaves_the_previous_version(tmp_path: Path, monkeypatch) -> None:
    import mrss_tui.store.migrations as registry

    real = registry.all_migrations()
    broken = type(real[0])(latest_version() + 1, "v9999_broken",
                           type("M", (), {"SQL": "CREATE TABLE half_done (x INTEGER);\nTHIS IS NOT SQL;\n"}))
    path = tmp_path / "m.db"
    conn = sqlite3.connect(path)
    migrate(conn, path)
    monkeypatch.setattr("mrss_tui.store.migrate.all_migrations", lambda: [*real, broken])
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == latest_version()
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "half_done" not in tables


def test_versions_are_numbered_without_clashes() -> None:
    versions = [m.version for m in all_migrations()]
    assert versions == sorted(set(versions))
    assert versions[0] == 1
