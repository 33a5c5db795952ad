"""Accounting of access: views, search hits, prints, pages and backups are recorded with the
person ids they revealed; a supervisor prints the accounting for one person; the audit log is
a hash chain that `mrss check` verifies."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from mrss_tui.domain.directory import ServiceDraft
from mrss_tui.domain.enums import ReferralStatus, Role
from mrss_tui.errors import PermissionDenied
from mrss_tui.workflow.access import audit_page, parse_audit_filter
from mrss_tui.workflow.disclosures import accounting, accounting_text, record_dispatch_view
from mrss_tui.workflow.episodes import save_safety_plan
from mrss_tui.workflow.intake import find_matches
from mrss_tui.workflow.referrals import print_referral_list
from mrss_tui.workflow.safety_plan_print import export_plan
from tests.conftest import T0
from tests.episode_helpers import open_episode


def mrss(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mrss_tui", "--db", str(db), *args],
                          capture_output=True, text=True, timeout=60)


def test_every_kind_of_access_is_recorded_with_the_person(make_session, store, db_path,
                                                          tmp_path) -> None:
    coord = make_session(Role.COORDINATOR)
    sup = make_session(Role.SUPERVISOR)
    episode = open_episode(coord, received=T0 - timedelta(hours=2))
    person = episode.person_id
    other = open_episode(coord, received=T0 - timedelta(hours=3)).person_id
    dispatch = store.dispatches.create("t", call_id=episode.call_id, episode_id=episode.id,
                                       region="Harney", members=[], at=T0 - timedelta(hours=1))
    store.pages.enqueue("t", dispatch_id=dispatch.id, staff_id=coord.actor.staff_id,
                        body="page", at=T0)

    matches = find_matches(coord, name="Test Youth")  # a two-person hit list: ONE row
    assert {m.person.id for m in matches} == {person, other}
    record_dispatch_view(coord, dispatch.id)
    save_safety_plan(coord, episode.id, {"warning_signs": "pacing"})
    export_plan(coord, episode.id, tmp_path / "plans")
    service = store.directory.save_service("t", ServiceDraft(name="S", organization="O"),
                                           verified_at=T0)
    store.referrals.create("t", episode_id=episode.id, service_id=service, category="",
                           status=ReferralStatus.REFERRED, at=T0)
    print_referral_list(coord, episode.id)
    audit_page(sup, parse_audit_filter(person=str(person)))

    actions = [row.action for row in accounting(sup, person)]
    for wanted in ("person.create", "episode.open", "intake.lookup", "dispatch.view",
                   "page.queue", "safety_plan.print", "referral.print", "audit.view"):
        assert wanted in actions, wanted
    assert actions.count("intake.lookup") == 1
    # The hit list named the other person too, in the same single row.
    assert "intake.lookup" in [row.action for row in accounting(sup, other)]
    text = accounting_text(sup, person)
    assert "person.accounting" in text and "dispatch.view" in text and coord.actor.login in text
    with pytest.raises(PermissionDenied):
        accounting(coord, person)


def test_backup_and_cli_accounting_are_recorded_and_private(tmp_path: Path) -> None:
    db = tmp_path / "mrss.db"
    assert mrss(db, "init", "--login", "boss", "--name", "Boss").returncode == 0
    result = mrss(db, "--as", "boss", "backup", str(tmp_path / "copy.db"))
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE((tmp_path / "copy.db").stat().st_mode) == 0o600
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT actor FROM audit WHERE action = 'database.backup'"
                            ).fetchall() == [("boss",)]
    conn.close()


def test_cli_prints_the_accounting_for_one_person_to_a_private_file(make_session, db_path,
                                                                    tmp_path) -> None:
    coord = make_session(Role.COORDINATOR)
    boss = make_session(Role.SUPERVISOR, login="boss")
    person = open_episode(coord, received=T0 - timedelta(hours=2)).person_id
    out = tmp_path / "acct" / "person.txt"
    old = os.umask(0o022)
    try:
        result = mrss(db_path, "--as", boss.actor.login, "accounting", str(person), "--out",
                      str(out))
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "episode.open" in out.read_text()
    refused = mrss(db_path, "--as", coord.actor.login, "accounting", str(person))
    assert refused.returncode != 0 and "view the audit log" in refused.stderr


def test_migration_links_existing_audit_rows_into_a_valid_chain(tmp_path: Path, clock) -> None:
    from mrss_tui.store.db import Store
    from mrss_tui.store.migrate import migrate
    from mrss_tui.store.migrations import all_migrations

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    before = [m.version for m in all_migrations() if m.version < 9][-1]
    migrate(conn, path, target=before)
    for n in range(5):
        conn.execute("INSERT INTO audit(at, actor, action, entity, detail) VALUES "
                     f"('2026-01-0{n + 1}T00:00:00Z', 'old', 'thing', 'x', '{{}}')")
    conn.commit()
    conn.close()
    with Store.open(path, clock=clock) as store:
        assert store.audit_chain_problems() == []
        store.audit("new", "thing", "x")
        assert store.audit_chain_problems() == []
        assert store.audit_log.count() == 6
