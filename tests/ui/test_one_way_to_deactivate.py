"""One way to deactivate (issue 22): the Roster screen and ``mrss staff`` both revoke the
person's SSH keys and take their line out of authorized_keys; reactivating gives none back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mrss_tui.config import build_config
from mrss_tui.screens.roster import RosterScreen
from mrss_tui.workflow.context import open_session
from mrss_tui.workflow.keys import KeyFiles, add_key
from tests.ui.helpers import make_app, settle

WRAPPER = "/opt/mrss/bin/mrss-ssh"


def mrss(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mrss_tui", "--db", str(db), "--as", "super",
                           *args], capture_output=True, text=True, timeout=60)


def give_key(db: Path, tmp_path: Path, login: str) -> Path:
    """A real key for ``login`` in a real authorized_keys, through the workflow."""
    key = tmp_path / login
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    keys = tmp_path / "ssh" / "authorized_keys"
    session = open_session(db, build_config({}), "super")
    try:
        add_key(session, login, key.with_suffix(".pub").read_text(), KeyFiles(keys, WRAPPER))
    finally:
        session.store.close()
    assert f"--as {login}" in keys.read_text()
    return keys


def live_keys_of(db: Path, login: str) -> list[str]:
    listed = mrss(db, "ssh-key", "list")
    assert listed.returncode == 0, listed.stderr
    return [line for line in listed.stdout.splitlines() if line.split()[:1] == [login]]


def a_field_login(db: Path) -> str:
    session = open_session(db, build_config({}), "super")
    try:
        return next(s.login for s in session.store.staff.list(active_only=True)
                    if s.role.value == "peer")
    finally:
        session.store.close()


@pytest.mark.asyncio
async def test_the_roster_toggle_revokes_the_key_and_reactivating_restores_none(
        demo_db: Path, tmp_path: Path) -> None:
    login = a_field_login(demo_db)
    keys = give_key(demo_db, tmp_path, login)
    app = make_app(demo_db, login="super")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen)
        table = app.screen.query_one("#roster-staff")
        target = next(s for s in app.screen.view.staff if s.login == login)
        table.move_cursor(row=table.get_row_index(str(target.id)))
        await pilot.press("x")
        await settle(pilot)
        assert app.session.store.staff.get(target.id).active is False
        assert f"--as {login}" not in keys.read_text()
        assert live_keys_of(demo_db, login) == []
        await pilot.press("x")  # the cursor stayed on them, though inactive staff sort last  # reactivate: the revoked key stays revoked
        await settle(pilot)
        assert app.session.store.staff.get(target.id).active is True
    assert f"--as {login}" not in keys.read_text()
    assert live_keys_of(demo_db, login) == []
    assert mrss(demo_db, "check").returncode == 0


def test_the_cli_deactivates_through_the_same_function(demo_db: Path, tmp_path: Path) -> None:
    login = a_field_login(demo_db)
    keys = give_key(demo_db, tmp_path, login)
    assert len(live_keys_of(demo_db, login)) == 1
    done = mrss(demo_db, "staff", "deactivate", login)
    assert done.returncode == 0 and "revoked" in done.stdout, done.stderr
    assert f"--as {login}" not in keys.read_text() and live_keys_of(demo_db, login) == []
    again = mrss(demo_db, "staff", "activate", login)
    assert again.returncode == 0 and "No SSH key was restored" in again.stdout
    assert f"--as {login}" not in keys.read_text() and live_keys_of(demo_db, login) == []
    assert mrss(demo_db, "staff", "deactivate", "nobody").returncode != 0


def test_the_store_has_no_second_way_to_flip_active(demo_db: Path) -> None:
    from mrss_tui.workflow import roster

    assert not hasattr(roster, "set_staff_active")
    session = open_session(demo_db, build_config({}), "super")
    try:
        someone = session.store.staff.by_login("super")
        with pytest.raises(ValueError, match="not staff fields"):
            session.store.staff.update("super", someone.id, expected_version=someone.version,
                                       active=False)
    finally:
        session.store.close()
