"""Bad and damaged files get the truth: one clear line, a documented exit code, nothing changed.

Exit codes (README, "Exit codes"): 1 check found problems, 3 not a usable mrss database,
8 damaged, 9 read-only, 10 disk full. Files are damaged here only while no connection of this
process is open on them (the test itself must not break the rule it checks).
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from mrss_tui.errors import DatabaseDamaged, DatabaseError
from mrss_tui.store.audit_files import audit_folder
from mrss_tui.store.connect import damage_mark
from mrss_tui.store.db import Store
from tests.faults.soak_check import cli


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_line(result, fragment: str, code: int) -> None:
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert "unexpected problem" not in result.stderr
    assert fragment in result.stderr, result.stderr


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    db = tmp_path / "mrss.db"
    assert cli(db, "demo", "--days", "20", "--resources", "40", "--quiet", home=tmp_path).returncode == 0
    return db


def _root_page(db: Path, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    finally:
        conn.close()


def _scribble(db: Path, page: int) -> None:
    """Overwrite one b-tree page (no connection of this process is open on the file)."""
    data = bytearray(db.read_bytes())
    start = (page - 1) * 4096
    data[start:start + 4096] = b"\xa5" * 4096
    db.write_bytes(bytes(data))


def test_check_prints_what_integrity_check_found_and_exits_1(small_db: Path, tmp_path: Path) -> None:
    _scribble(small_db, _root_page(small_db, "calls"))
    before = _digest(small_db)
    result = cli(small_db, "check", home=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "problem(s) found by SQLite" in result.stderr
    assert "Traceback" not in result.stderr and "unexpected" not in result.stderr
    assert len(result.stderr.splitlines()) >= 3  # the findings themselves, not just a count
    assert _digest(small_db) == before  # check never writes


@pytest.mark.parametrize("command", [("check",), ("worker", "--once"), ("backup", "{tmp}/copy.db")],
                         ids=lambda c: c[0])
def test_an_empty_file_is_refused_and_stays_empty(tmp_path: Path, command: tuple[str, ...]) -> None:
    db = tmp_path / "mrss.db"
    db.touch()
    result = cli(db, *(a.format(tmp=tmp_path) for a in command), home=tmp_path)
    _one_line(result, "empty file (0 bytes)", 3)
    assert db.stat().st_size == 0
    assert not (tmp_path / "copy.db").exists()


@pytest.mark.parametrize("command", [("check",), ("worker", "--once")], ids=lambda c: c[0])
def test_a_file_of_another_kind_is_refused_and_left_alone(tmp_path: Path, command) -> None:
    text = tmp_path / "notes.db"
    text.write_bytes(b"shopping list: milk, eggs\n" * 200)
    empty_sqlite = tmp_path / "empty-sqlite.db"
    conn = sqlite3.connect(empty_sqlite)
    conn.execute("VACUUM")  # a valid SQLite file with no tables and user_version 0
    conn.execute("CREATE TABLE t(x)")
    conn.execute("DROP TABLE t")
    conn.commit()
    conn.close()
    for path, fragment in ((text, "not an SQLite database"), (empty_sqlite, "not an mrss one")):
        before = _digest(path)
        _one_line(cli(path, *command, home=tmp_path), fragment, 3)
        assert _digest(path) == before


def test_damage_found_during_use_stops_every_writer(small_db: Path, tmp_path: Path) -> None:
    healthy = tmp_path / "healthy.db"
    assert cli(small_db, "backup", str(healthy), home=tmp_path).returncode == 0
    Store.open(small_db).close()  # this process's quick_check passes (once per process) ...
    _scribble(small_db, _root_page(small_db, "calls"))  # ... then damage comes during use
    store = Store.open(small_db)
    other = Store.open(small_db)
    try:
        with pytest.raises(DatabaseDamaged, match="stopped writing"):
            with store.atomic():
                store.conn.execute("INSERT INTO calls(received_at, line) VALUES ('x', '988')")
        assert damage_mark(small_db).exists()
        before = _digest(small_db)
        with pytest.raises(DatabaseDamaged, match="not saved"):  # refused before any write
            with other.atomic():
                other.audit("super", "test.write", "nothing")
    finally:
        store.close()
        other.close()
    assert _digest(small_db) == before
    # Every other process: refuses to open for writing, names the cure.
    _one_line(cli(small_db, "worker", "--once", home=tmp_path), "mrss check", 8)
    with pytest.raises(DatabaseDamaged):
        Store.open(small_db)
    # check still looks, keeps the mark while the file is damaged, clears it once restored.
    assert cli(small_db, "check", home=tmp_path).returncode == 1
    assert damage_mark(small_db).exists()
    small_db.write_bytes(healthy.read_bytes())  # a restore, with no process using the file
    # ... with the backup's audit key and heads (a restored file ends where its backup ended)
    shutil.rmtree(audit_folder(small_db))
    shutil.copytree(audit_folder(healthy), audit_folder(small_db))
    restored = cli(small_db, "check", home=tmp_path)
    assert restored.returncode == 0 and "damage mark" in restored.stdout, restored.stderr
    assert not damage_mark(small_db).exists()
    # A new process writes again; this one, having seen the damage, stays refused until restarted.
    assert cli(small_db, "ssh-key", "list", home=tmp_path).returncode == 0


def test_the_worker_checks_the_file_before_it_starts(small_db: Path, tmp_path: Path) -> None:
    _scribble(small_db, _root_page(small_db, "audit"))
    before = _digest(small_db)
    result = cli(small_db, "worker", home=tmp_path, timeout=60)
    _one_line(result, "quick_check", 8)
    assert damage_mark(small_db).exists()
    assert _digest(small_db) == before


def test_backup_of_a_damaged_file_leaves_nothing_at_dest(small_db: Path, tmp_path: Path) -> None:
    _scribble(small_db, _root_page(small_db, "persons"))
    dest = tmp_path / "out" / "copy.db"
    dest.parent.mkdir()
    result = cli(small_db, "backup", str(dest), home=tmp_path)
    _one_line(result, "damaged", 8)
    assert list(dest.parent.iterdir()) == []


def test_store_open_refuses_a_folder_and_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="is a folder"):
        Store.open(tmp_path)
    with pytest.raises(DatabaseError, match="no database at"):
        Store.open(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()


def test_a_foreign_sqlite_file_with_a_user_version_is_not_an_mrss_database(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE notes(x)")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    before = _digest(db)
    for args in (("ssh-key", "list"), ("check",)):
        result = cli(db, *args, home=tmp_path)
        _one_line(result, "not an mrss", 3)
    with pytest.raises(DatabaseError, match="not an mrss database"):
        Store.open(db)
    assert _digest(db) == before
