from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from mrss_tui.domain.enums import Role
from mrss_tui.errors import ConflictError, DatabaseError, ValidationFailed
from mrss_tui.store.db import Store
from mrss_tui.store.migrations import latest_version


def test_connection_settings(store: Store) -> None:
    one = lambda sql: store.conn.execute(sql).fetchone()[0]  # noqa: E731
    assert one("PRAGMA journal_mode") == "wal"
    assert one("PRAGMA foreign_keys") == 1
    assert one("PRAGMA busy_timeout") >= 5000
    assert one("PRAGMA synchronous") == 2  # FULL
    assert store.schema_version() == latest_version()


def test_missing_file_is_not_created_without_asking(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="no database at"):
        Store.open(tmp_path / "nope.db")
    assert not (tmp_path / "nope.db").exists()


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"shopping list: milk, eggs\n" * 10)
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="not an SQLite database"):
        Store.open(path)
    assert path.read_bytes() == before


def test_a_newer_schema_is_refused_and_left_alone(tmp_path: Path, clock) -> None:
    path = tmp_path / "future.db"
    Store.open(path, create=True, clock=clock).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {latest_version() + 5}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="newer mrss") as info:
        Store.open(path)
    assert "\n" not in str(info.value)
    assert path.read_bytes() == before


def test_another_apps_sqlite_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match="not an mrss one"):
        Store.open(path)
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 0


def test_a_damaged_file_gives_one_clear_line(tmp_path: Path, clock) -> None:
    path = tmp_path / "damaged.db"
    with Store.open(path, create=True, clock=clock) as s:
        for i in range(300):
            s.staff.create("system", login=f"user{i:03d}", name="Test Person " * 5, role=Role.PEER)
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    # Scribble over the schema page (page 1 after the 100-byte header) and beyond.
    data[100:4096 * 3] = b"\xff" * (4096 * 3 - 100)
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseError) as info:
        Store.open(path)
    message = str(info.value)
    assert "damaged" in message or "not an mrss" in message
    assert "\n" not in message and "Traceback" not in message


def test_atomic_is_all_or_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError):
        with store.atomic():
            store.staff.create("system", login="first", name="First", role=Role.PEER)
            store.staff.create("system", login="second", name="Second", role=Role.PEER)
            raise RuntimeError("crash in the middle")
    assert store.staff.count() == 0
    assert store.audit_log.count() == 0


def test_nested_atomic_rolls_back_only_the_inner_block(store: Store) -> None:
    with store.atomic():
        store.staff.create("system", login="kept", name="Kept", role=Role.PEER)
        with pytest.raises(ValidationFailed):
            with store.atomic():
                store.staff.create("system", login="dupe", name="Dupe", role=Role.PEER)
                store.staff.create("system", login="dupe", name="Dupe again", role=Role.PEER)
    assert [s.login for s in store.staff.list()] == ["kept"]


def test_every_write_has_an_audit_row_with_the_actor(store: Store) -> None:
    staff = store.staff.create("ana", login="bo", name="Bo", role=Role.CLINICIAN)
    store.staff.update("ana", staff.id, expected_version=1, name="Bo B.")
    entries = store.audit_log.find(actor="ana")
    assert [e.action for e in entries] == ["staff.update", "staff.create"]
    # Field names, not the words (issue 22): the audit is no second copy of the record.
    assert entries[0].detail["before"] == {"name": "[text]"}
    assert entries[0].detail["after"]["name"] == "[text]"


def test_the_database_refuses_to_change_or_delete_audit_rows(store: Store) -> None:
    store.staff.create("ana", login="bo", name="Bo", role=Role.CLINICIAN)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.conn.execute("UPDATE audit SET actor = 'mallory'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.conn.execute("DELETE FROM audit")
    store.conn.rollback()
    assert store.audit_log.find()[0].actor == "ana"


def test_a_stale_version_is_refused_not_overwritten(db_path: Path, clock) -> None:
    first = Store.open(db_path, create=True, clock=clock)
    second = Store.open(db_path, clock=clock)
    staff = first.staff.create("system", login="cy", name="Cy", role=Role.PEER)
    first.staff.update("ana", staff.id, expected_version=staff.version, phone="+15415550100")
    with pytest.raises(ConflictError, match="someone else saved"):
        second.staff.update("bo", staff.id, expected_version=staff.version, phone="+15415550199")
    assert second.staff.get(staff.id).phone == "+15415550100"
    first.close()
    second.close()


def test_data_version_tells_of_other_connections_writes(db_path: Path, clock) -> None:
    watcher = Store.open(db_path, create=True, clock=clock)
    writer = Store.open(db_path, clock=clock)
    before = watcher.data_version()
    assert watcher.data_version() == before
    writer.staff.create("system", login="dee", name="Dee", role=Role.PEER)
    assert watcher.data_version() != before
    watcher.close()
    writer.close()


def test_backup_while_another_connection_writes(db_path: Path, tmp_path: Path, clock) -> None:
    writer = Store.open(db_path, create=True, clock=clock)
    for i in range(50):
        writer.staff.create("system", login=f"u{i:02d}", name=f"User {i}", role=Role.PEER)
    with writer.atomic():  # an open write transaction during the backup
        writer.staff.create("system", login="late", name="Late", role=Role.PEER)
        reader = Store.open(db_path, clock=clock)
        reader.backup(tmp_path / "copy.db")
        reader.close()
    copy = Store.open(tmp_path / "copy.db", clock=clock)
    assert copy.integrity_problems() == []
    assert copy.staff.count() == 50  # the uncommitted row is not in the copy
    copy.close()
    writer.close()
