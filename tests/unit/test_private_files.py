"""Files holding PHI are private under the default umask 022: every file mrss writes is 0600,
every folder it makes 0700 (database and its -wal/-shm, backups, .pre-vN.bak, prints, safety
plans, reports, crash reports)."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from mrss_tui.domain.directory import ServiceDraft
from mrss_tui.domain.enums import ReferralStatus, Role
from mrss_tui.store.db import Store
from mrss_tui.store.migrate import migrate
from mrss_tui.store.migrations import all_migrations
from mrss_tui.workflow.files import private_dir, write_private_bytes, write_private_text
from tests.conftest import T0
from tests.episode_helpers import open_episode


@pytest.fixture(autouse=True)
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_helpers_ignore_the_umask_and_tighten_an_old_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "note.txt"
    old = tmp_path / "old.bin"
    old.write_bytes(b"x")
    old.chmod(0o644)
    write_private_text(target, "hello\x1b[2J")
    write_private_bytes(old, b"y")
    assert target.read_text() == "hello"
    assert (mode(target), mode(target.parent), mode(target.parent.parent)) == (0o600, 0o700, 0o700)
    assert mode(old) == 0o600 and old.read_bytes() == b"y"
    before = mode(tmp_path)  # an existing folder (it may be /tmp) is left alone
    private_dir(tmp_path)
    assert mode(tmp_path) == before


def test_database_wal_shm_backup_and_cli_backup_are_0600(tmp_path: Path, clock) -> None:
    db = tmp_path / "mrss.db"
    with Store.open(db, create=True, clock=clock) as store:
        store.staff.create("system", login="boss", name="Boss", role=Role.SUPERVISOR)
        for suffix in ("", "-wal", "-shm"):
            assert mode(Path(f"{db}{suffix}")) == 0o600, suffix
        store.backup(tmp_path / "copy.db")
    assert mode(tmp_path / "copy.db") == 0o600
    result = subprocess.run([sys.executable, "-m", "mrss_tui", "--db", str(db), "backup",
                             str(tmp_path / "cli-copy.db")], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert mode(tmp_path / "cli-copy.db") == 0o600


def test_pre_migration_backup_is_0600_even_from_a_0644_database(tmp_path: Path, clock) -> None:
    versions = [m.version for m in all_migrations()]
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)  # an old file made by an older mrss under umask 022
    migrate(conn, path, target=versions[-2])
    conn.close()
    path.chmod(0o644)
    Store.open(path, clock=clock).close()
    backups = list(tmp_path.glob("old.db.pre-v*.bak"))
    assert backups and all(mode(b) == 0o600 for b in backups)


def test_prints_safety_plans_reports_and_crash_files_are_private(make_session, tmp_path,
                                                                monkeypatch) -> None:
    from mrss_tui.crash import write_crash_report
    from mrss_tui.workflow.episodes import save_safety_plan
    from mrss_tui.workflow.referrals import print_referral_list
    from mrss_tui.workflow.reports import write_file
    from mrss_tui.workflow.safety_plan_print import export_plan

    coord = make_session(Role.COORDINATOR)
    episode = open_episode(coord, received=T0 - timedelta(hours=2))
    save_safety_plan(coord, episode.id, {"warning_signs": "pacing"})
    text_path, pdf_path = export_plan(coord, episode.id, tmp_path / "plans" / "deep")
    assert (mode(text_path), mode(pdf_path), mode(text_path.parent)) == (0o600, 0o600, 0o700)

    service = coord.store.directory.save_service(
        "system", ServiceDraft(name="Counseling", organization="Org"), verified_at=T0)
    coord.store.referrals.create("t", episode_id=episode.id, service_id=service, category="",
                                 status=ReferralStatus.REFERRED, at=T0)
    printed = print_referral_list(coord, episode.id)
    assert [mode(p) for p in printed] == [0o600, 0o600]
    assert mode(printed[0].parent) == 0o700

    report = write_file(tmp_path / "weekly.csv", b"a,b\n")
    assert mode(report) == 0o600

    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        crash = write_crash_report(exc, tmp_path / "mrss-files" / "crash")
    assert crash is not None and mode(crash) == 0o600 and mode(crash.parent) == 0o700
