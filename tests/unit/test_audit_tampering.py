"""The audit trail survives its own database (issue 22): every way of editing it that used to
pass `mrss check` now makes it exit non-zero with a line naming what was found."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from mrss_tui.domain.enums import Role
from mrss_tui.store.audit_chain import link_all
from mrss_tui.store.audit_files import audit_folder, heads_path, key_path
from mrss_tui.workflow.intake import find_matches
from tests.conftest import T0
from tests.episode_helpers import open_episode


def mrss(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mrss_tui", "--db", str(db), *args],
                          capture_output=True, text=True, timeout=60)


@pytest.fixture
def written(make_session, db_path: Path) -> Path:
    """A database with a few episodes and a search (so audit_people has rows), closed."""
    coord = make_session(Role.COORDINATOR)
    for hours in (1, 2, 3):
        open_episode(coord, received=T0 - timedelta(hours=hours))
    find_matches(coord, name="Test")
    coord.store.close()
    check = mrss(db_path, "check")
    assert check.returncode == 0, check.stderr
    return db_path


def tamper(db: Path, *statements: str, rehash: bool = False) -> None:
    """What someone holding the file can do: lift the triggers, edit, put the triggers back
    exactly as they were (so only the edit itself can give it away)."""
    conn = sqlite3.connect(db)
    triggers = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                            "AND tbl_name IN ('audit', 'audit_people')").fetchall()
    for name, _sql in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    for statement in statements:
        conn.execute(statement)
    if rehash:
        link_all(conn)  # the project's own re-hash, without the key
    for _name, sql in triggers:
        conn.execute(sql)
    conn.commit()
    conn.close()


def failed_check(db: Path) -> str:
    result = mrss(db, "check")
    assert result.returncode == 1, result.stdout + result.stderr
    return result.stderr


def test_key_and_head_files_are_private_and_outside_the_database(written: Path) -> None:
    assert stat.S_IMODE(audit_folder(written).stat().st_mode) == 0o700
    for path in (key_path(written), heads_path(written)):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    conn = sqlite3.connect(written)
    last_id, last_hash = conn.execute("SELECT id, row_hash FROM audit ORDER BY id DESC").fetchone()
    stored = " ".join(str(v) for row in conn.execute("SELECT value FROM app_meta") for v in row)
    conn.close()
    key = key_path(written).read_text()
    assert key.split('"key": "')[1][:64] not in stored
    assert heads_path(written).read_text().splitlines()[-1].startswith(f"{last_id} {last_hash} ")


def test_deleting_the_newest_rows_shows(written: Path) -> None:
    tamper(written, "DELETE FROM audit_people WHERE audit_id >= (SELECT max(id) - 1 FROM audit)",
           "DELETE FROM audit WHERE id >= (SELECT max(id) - 1 FROM audit)")
    assert "were deleted:" in failed_check(written)


def test_deleting_the_newest_rows_shows_even_after_new_rows(written: Path, make_session) -> None:
    """Rows deleted, then the app writes on: the reused ids no longer match their heads."""
    tamper(written, "DELETE FROM audit_people WHERE audit_id >= (SELECT max(id) - 2 FROM audit)",
           "DELETE FROM audit WHERE id >= (SELECT max(id) - 2 FROM audit)")
    from mrss_tui.store.db import Store
    with Store.open(written) as store:
        for n in range(4):
            store.audit("t_coordinator", "thing", "x", n)
    assert "recorded outside the database" in failed_check(written)


def test_deleting_a_middle_row_and_rehashing_with_link_all_shows(written: Path) -> None:
    tamper(written, "DELETE FROM audit WHERE id = 3", rehash=True)
    out = failed_check(written)
    assert "audit rows 3: missing (deleted" in out
    assert "re-hashed without the audit key" in out


def test_changing_a_row_shows(written: Path) -> None:
    tamper(written, "UPDATE audit SET actor = 'someone_else' WHERE id = 2")
    assert "audit rows 2: changed after they were written" in failed_check(written)


def test_deleting_audit_people_rows_shows(written: Path) -> None:
    conn = sqlite3.connect(written)
    searched = conn.execute("SELECT audit_id FROM audit_people LIMIT 1").fetchone()[0]
    conn.close()
    tamper(written, f"DELETE FROM audit_people WHERE audit_id = {searched}")
    assert f"audit rows {searched}: name other people than audit_people" in failed_check(written)


@pytest.mark.parametrize("trigger", ["audit_no_update", "audit_no_delete", "audit_no_replace",
                                     "audit_people_no_delete"])
def test_dropping_a_trigger_shows(written: Path, trigger: str) -> None:
    conn = sqlite3.connect(written)
    conn.execute(f"DROP TRIGGER {trigger}")
    conn.commit()
    conn.close()
    assert f"audit trigger {trigger} is missing" in failed_check(written)


def test_a_lost_key_shows_and_writing_goes_on(written: Path) -> None:
    os.unlink(key_path(written))
    assert "is missing: rows from 1 on cannot be verified" in failed_check(written)
    from mrss_tui.store.db import Store
    with Store.open(written) as store:  # a crisis line keeps working: a new key from here
        store.audit("t_coordinator", "thing", "x")
    assert "was replaced" in failed_check(written)


def test_an_older_database_gets_its_key_at_the_first_write(tmp_path: Path, clock) -> None:
    from mrss_tui.store.db import Store
    from mrss_tui.store.migrate import migrate

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    migrate(conn, path, target=8)
    for n in range(3):  # rows an earlier version wrote; v0009 links them, unkeyed
        conn.execute("INSERT INTO audit(at, actor, action, entity, detail) VALUES "
                     f"('2026-01-0{n + 1}T00:00:00Z', 'old', 'thing', 'x', '{{}}')")
    conn.commit()
    migrate(conn, path)
    conn.close()
    assert mrss(path, "check").returncode == 0 and not key_path(path).exists()
    with Store.open(path, clock=clock) as store:
        store.audit("new", "thing", "x")
        assert store.audit_chain_problems() == []
    assert '"keyed_from": 4' in key_path(path).read_text()
    # Re-hashing the old, unkeyed rows no longer passes: the first keyed row signed their head.
    tamper(path, "UPDATE audit SET actor = 'someone_else' WHERE id = 1", rehash=True)
    assert "audit rows 4: changed after they were written" in failed_check(path)
