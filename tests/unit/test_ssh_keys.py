"""SSH keys: parsing, the authorized_keys rewrite, roles, and deactivation revoking keys."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from mrss_tui.cli import main
from mrss_tui.domain.enums import Role
from mrss_tui.domain.ssh_keys import BLOCK_BEGIN, BLOCK_END, KeyProblem, parse_public_key
from mrss_tui.errors import NotFound, PermissionDenied, ValidationFailed
from mrss_tui.workflow.keys import KeyFiles, add_key, list_keys, revoke_keys
from mrss_tui.workflow.staff import add_staff, set_active

WRAPPER = "/opt/mrss/bin/mrss-ssh"
FOREIGN = ("# admin's own key, not managed by mrss\n"
           "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFakeButKeptVerbatim admin@host  \n")


def make_key(folder: Path, name: str) -> str:
    path = folder / name
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"{name}@laptop",
                    "-f", str(path)], check=True)
    return (folder / f"{name}.pub").read_text()


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The default authorized_keys is ~/.ssh's: never let a test reach the real one."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.fixture
def files(tmp_path: Path) -> KeyFiles:
    ssh = tmp_path / "home" / ".ssh"
    ssh.mkdir(parents=True)
    (ssh / "authorized_keys").write_text(FOREIGN)
    return KeyFiles(ssh / "authorized_keys", WRAPPER)


@pytest.fixture
def sup(make_session):
    return make_session(Role.SUPERVISOR)


def test_parse_refuses_what_is_not_one_public_key(tmp_path: Path) -> None:
    good = make_key(tmp_path, "k")
    key = parse_public_key(good)
    assert key.key_type == "ssh-ed25519" and key.comment == "k@laptop"
    fingerprint = subprocess.run(["ssh-keygen", "-lf", str(tmp_path / "k.pub")], check=True,
                                 capture_output=True, text=True).stdout.split()[1]
    assert key.fingerprint == fingerprint
    private = (tmp_path / "k").read_text()
    for bad, words in [("", "no public key"), (private, "private key"),
                       (good + good, "more than one"), ("ssh-ed25519", "missing"),
                       ('command="x" ' + good, "options"), ("ssh-rsa AAAA!!", "not base64"),
                       (good.replace("ssh-ed25519", "ssh-rsa", 1), "do not match")]:
        with pytest.raises(KeyProblem, match=words):
            parse_public_key(bad)


def test_add_writes_a_restricted_line_and_keeps_foreign_lines(sup, files, tmp_path) -> None:
    add_staff(sup, login="jdoe", name="Jo Doe", role=Role.CLINICIAN)
    key = add_key(sup, "jdoe", make_key(tmp_path, "jdoe"), files)
    text = files.authorized_keys.read_text()
    assert text.startswith(FOREIGN)
    assert text.splitlines()[2] == BLOCK_BEGIN and text.splitlines()[-1] == BLOCK_END
    managed = text.splitlines()[3]
    assert managed.startswith(f'restrict,pty,command="{WRAPPER} --as jdoe" ssh-ed25519 ')
    assert managed.endswith(" jdoe@laptop")
    assert files.authorized_keys.stat().st_mode & 0o777 == 0o600
    assert key.login == "jdoe" and key.added_by == sup.actor.login
    # ssh-keygen reads the line back as a valid authorized_keys entry with the same fingerprint
    listed = subprocess.run(["ssh-keygen", "-lf", str(files.authorized_keys)], capture_output=True,
                            text=True).stdout
    assert key.fingerprint in listed
    assert [a.action for a in sup.store.audit_log.find(actor=sup.actor.login)][:1] == ["ssh_key.add"]


def test_second_add_and_revoke_touch_only_their_lines(sup, files, tmp_path) -> None:
    for login in ("ann", "ben"):
        add_staff(sup, login=login, name=login.title(), role=Role.PEER)
        # the first add names the files; the second finds them remembered in the database
        add_key(sup, login, make_key(tmp_path, login), files if login == "ann" else None)
        if login == "ann":
            files.authorized_keys.write_text(files.authorized_keys.read_text() + "# late note\n")
    lines = files.authorized_keys.read_text().splitlines()
    assert "# late note" in lines and sum("--as ann" in x for x in lines) == 1
    assert sum("--as ben" in x for x in lines) == 1
    revoked = revoke_keys(sup, "ann")
    assert len(revoked) == 1
    after = files.authorized_keys.read_text()
    assert "--as ann" not in after and "--as ben" in after and after.startswith(FOREIGN)
    assert "# late note\n" in after
    assert [k.login for k in list_keys(sup)] == ["ben"]
    assert [(k.login, k.revoked_by) for k in list_keys(sup, include_revoked=True)] == [
        ("ben", None), ("ann", sup.actor.login)]


def test_refuses_unknown_inactive_shared_and_bypassing_keys(sup, files, tmp_path) -> None:
    key = make_key(tmp_path, "x")
    with pytest.raises(NotFound, match="no staff member"):
        add_key(sup, "nobody", key, files)
    gone = add_staff(sup, login="gone", name="Gone", role=Role.PEER)
    set_active(sup, gone.id, False, gone.version)
    with pytest.raises(ValidationFailed, match="inactive"):
        add_key(sup, "gone", key, files)
    add_staff(sup, login="amy", name="Amy", role=Role.PEER)
    add_staff(sup, login="bo", name="Bo", role=Role.PEER)
    with pytest.raises(ValidationFailed, match="the first time, name"):
        add_key(sup, "amy", key)  # no guessing whose ~/.ssh to write
    assert revoke_keys(sup, "amy") == []  # nothing to revoke, no file to touch
    add_key(sup, "amy", key, files)
    with pytest.raises(ValidationFailed, match="already belongs to 'amy'"):
        add_key(sup, "bo", key, files)
    other = make_key(tmp_path, "y")
    files.authorized_keys.write_text(files.authorized_keys.read_text() + other)
    before = files.authorized_keys.read_text()
    with pytest.raises(ValidationFailed, match="does not manage"):
        add_key(sup, "bo", other, files)
    assert files.authorized_keys.read_text() == before
    with pytest.raises(ValidationFailed, match="absolute path"):
        add_key(sup, "bo", make_key(tmp_path, "z"), KeyFiles(files.authorized_keys, 'x" bash'))
    assert [k.login for k in list_keys(sup)] == ["amy"]


def test_unwritable_file_changes_nothing(sup, files, tmp_path) -> None:
    add_staff(sup, login="cy", name="Cy", role=Role.PEER)
    blocked = KeyFiles(tmp_path / "not-a-folder" / "x" / "authorized_keys", WRAPPER)
    (tmp_path / "not-a-folder").write_text("a file where a folder should be")
    with pytest.raises(Exception, match="not-a-folder"):
        add_key(sup, "cy", make_key(tmp_path, "cy"), blocked)
    assert list_keys(sup) == [] and sup.store.ssh_keys.files() is None


def test_deactivating_staff_revokes_their_keys(sup, files, tmp_path) -> None:
    dee = add_staff(sup, login="dee", name="Dee", role=Role.NAVIGATOR)
    add_key(sup, "dee", make_key(tmp_path, "dee"), files)
    assert "--as dee" in files.authorized_keys.read_text()
    set_active(sup, dee.id, False, dee.version)
    assert "--as dee" not in files.authorized_keys.read_text()
    assert list_keys(sup) == []


def test_only_supervisors_manage_keys(make_session, sup, files, tmp_path) -> None:
    add_staff(sup, login="eve", name="Eve", role=Role.PEER)
    key = make_key(tmp_path, "eve")
    for role in Role:
        if role is Role.SUPERVISOR:
            continue
        with pytest.raises(PermissionDenied, match="manage SSH keys"):
            add_key(make_session(role), "eve", key, files)
        with pytest.raises(PermissionDenied):
            revoke_keys(make_session(role), "eve", files)
    assert files.authorized_keys.read_text() == FOREIGN


def test_cli_add_list_revoke(tmp_path: Path) -> None:
    db, home = tmp_path / "m.db", tmp_path / "svc"
    runner = CliRunner()
    env = {"MRSS_AUTHORIZED_KEYS": str(home / ".ssh" / "authorized_keys"),
           "MRSS_SSH_WRAPPER": WRAPPER}
    assert runner.invoke(main, ["--db", str(db), "init", "--login", "lead", "--name", "Lee"]).exit_code == 0
    make_key(tmp_path, "lead")
    result = runner.invoke(main, ["--db", str(db), "--as", "lead", "ssh-key", "add", "lead",
                                  str(tmp_path / "lead.pub")], env=env)
    assert result.exit_code == 0, result.output
    assert "Added ssh-ed25519 key SHA256:" in result.output
    assert (home / ".ssh").stat().st_mode & 0o777 == 0o700
    listed = runner.invoke(main, ["--db", str(db), "--as", "lead", "ssh-key", "list"])
    assert listed.exit_code == 0 and listed.output.startswith("lead ")
    bad = runner.invoke(main, ["--db", str(db), "--as", "lead", "ssh-key", "add", "lead",
                               str(tmp_path / "lead")], env=env)
    assert bad.exit_code == 7 and "private key" in bad.output and "Traceback" not in bad.output
    gone = runner.invoke(main, ["--db", str(db), "--as", "lead", "ssh-key", "revoke", "lead"])
    assert gone.exit_code == 0 and "Revoked 1 key(s) of lead" in gone.output
    assert (home / ".ssh" / "authorized_keys").read_text() == f"{BLOCK_BEGIN}\n{BLOCK_END}\n"


def test_a_new_wrapper_does_not_keep_old_lines_alive_and_check_reports_strays(
        sup, files, tmp_path) -> None:
    """The attack: add with one wrapper, add again with --wrapper /new/path, revoke: the old
    line used to survive as 'foreign' and the revoked key kept logging in."""
    from mrss_tui.workflow.keys import KeyFiles, key_file_problems, revoke_keys

    add_staff(sup, login="ann", name="Ann", role=Role.PEER)
    add_staff(sup, login="ben", name="Ben", role=Role.PEER)
    ann_key = make_key(tmp_path, "ann")
    add_key(sup, "ann", ann_key, files)
    moved = KeyFiles(files.authorized_keys, "/new/path/mrss-ssh")
    add_key(sup, "ben", make_key(tmp_path, "ben"), moved)
    revoke_keys(sup, "ann", moved)
    text = files.authorized_keys.read_text()
    ann_data = ann_key.split()[1]
    assert ann_data not in text
    assert text.startswith(FOREIGN) and text.count(BLOCK_BEGIN) == 1
    assert key_file_problems(sup) == []
    # A stray line for ann pasted back by hand, outside the block: check names it.
    files.authorized_keys.write_text(text + f'command="/x --as ann" {ann_key}')
    problems = key_file_problems(sup)
    assert len(problems) == 1 and "revoked key of 'ann'" in problems[0]
    assert ann_data not in problems[0]


def test_sync_rebuilds_the_block_from_the_database_on_a_standby(sup, files, tmp_path) -> None:
    """After `mrss restore` on a standby: its authorized_keys has only the admin's own lines (or
    an old block); `ssh-key sync` makes the block exactly the database's live keys."""
    from mrss_tui.workflow.keys import write_key_block

    for login in ("ann", "ben"):
        add_staff(sup, login=login, name=login.title(), role=Role.PEER)
        add_key(sup, login, make_key(tmp_path, login), files if login == "ann" else None)
    revoke_keys(sup, "ben")
    files.authorized_keys.write_text(FOREIGN + f"{BLOCK_BEGIN}\nstale line\n{BLOCK_END}\n")
    assert write_key_block(sup) == 1
    text = files.authorized_keys.read_text()
    assert text.startswith(FOREIGN) and "stale line" not in text
    assert "--as ann" in text and "--as ben" not in text


def test_check_finds_a_key_an_earlier_roster_left_live(sup, files, tmp_path) -> None:
    """Before issue 22 the Roster deactivated without revoking; `mrss check` names what it
    left, and deactivating again revokes it."""
    from mrss_tui.workflow.keys import key_file_problems

    fay = add_staff(sup, login="fay", name="Fay", role=Role.PEER)
    add_key(sup, "fay", make_key(tmp_path, "fay"), files)
    with sup.store.atomic():  # what the old roster path did: the flag alone
        sup.store.update_versioned("staff", fay.id, {"active": 0}, expected_version=fay.version)
    problems = key_file_problems(sup)
    assert any("a live SSH key of 'fay', who is inactive" in p for p in problems)
    assert any("a key line for 'fay', who is inactive" in p for p in problems)
    now = sup.store.staff.get(fay.id)
    set_active(sup, fay.id, False, now.version)
    assert key_file_problems(sup) == [] and "--as fay" not in files.authorized_keys.read_text()
