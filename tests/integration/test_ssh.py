"""Staff over the real OpenSSH server: identity from the key, nothing but the app, live screens,
drafts that survive a dropped link. See tests/integration/ssh_env.py for the set-up."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.ssh_env import (
    SshEnv,
    build,
    make_client_key,
    run,
    teardown,
    wait_for,
    why_sshd_cannot_run,
)

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(why_sshd_cannot_run() is not None,
                                 reason=f"real sshd cannot run here: {why_sshd_cannot_run()}")]

STAFF = {"coord": "Casey Coordinator", "ujuniper": "Umber Juniper", "county": "Alex County",
         "super": "Sam Supervisor"}


@pytest.fixture(scope="module")
def ssh() -> Iterator[SshEnv]:
    env = build()
    try:
        for login in STAFF:
            pub = make_client_key(env, login).with_name(f"{login}.pub")
            added = env.mrss_cli("--as", "super", "ssh-key", "add", login, pub,
                                 "--authorized-keys", env.authorized_keys, "--wrapper", env.wrapper)
            assert "Added ssh-ed25519 key" in added.stdout
        make_client_key(env, "stranger")  # never added
        yield env
    finally:
        teardown(env)


def test_keys_are_written_as_restricted_forced_commands(ssh: SshEnv) -> None:
    lines = [x for x in ssh.authorized_keys.read_text().splitlines() if not x.startswith("#")]
    assert len(lines) == len(STAFF)
    for login, line in zip(sorted(STAFF), lines):
        assert line.startswith(f'restrict,pty,command="{ssh.wrapper} --as {login}" ssh-ed25519 ')
    stat = ssh.authorized_keys.stat()
    assert stat.st_mode & 0o777 == 0o600 and stat.st_uid == (ssh.home / ".ssh").stat().st_uid
    listed = ssh.mrss_cli("--as", "super", "ssh-key", "list").stdout
    assert [line.split()[0] for line in listed.splitlines()] == sorted(STAFF)


def test_each_key_lands_in_the_app_as_its_own_staff_member(ssh: SshEnv) -> None:
    for login in ("coord", "ujuniper"):
        ssh.open_terminal(f"who-{login}", login)
    ssh.wait_screen("who-coord", "Casey Coordinator · coordinator", "Open calls")
    ssh.wait_screen("who-ujuniper", "Umber Juniper · clinician", "Open calls")
    # the wrapper restored COLORTERM (which OpenSSH drops): the app drew in 24-bit colour
    coloured = ssh.tmux("capture-pane", "-p", "-e", "-t", "who-coord").stdout
    assert "38;2;" in coloured or "48;2;" in coloured
    for login in ("coord", "ujuniper"):
        ssh.keys_to(f"who-{login}", "C-q")
        ssh.close_terminal(f"who-{login}")


def test_a_command_after_the_host_is_ignored_and_the_app_starts(ssh: SshEnv) -> None:
    ssh.open_terminal("cmd", "coord", "echo OWNED; id; exec bash")
    shown = ssh.wait_screen("cmd", "Casey Coordinator · coordinator")
    assert "OWNED" not in shown and "uid=" not in shown
    ssh.keys_to("cmd", "C-q")
    ssh.close_terminal("cmd")


def test_without_a_terminal_there_is_nothing_but_a_message(ssh: SshEnv) -> None:
    result = run(*ssh.ssh_args("coord", "-T"), "bash -c 'echo OWNED; id'", check=False, timeout=30)
    assert result.returncode == 64
    assert "mrss needs a terminal" in result.stderr
    assert "OWNED" not in result.stdout + result.stderr and "uid=" not in result.stdout
    scp = run("scp", "-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o",
              "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-i", ssh.keys["coord"],
              "-P", str(ssh.port), f"{ssh.account}@127.0.0.1:/etc/hostname", ssh.base / "got",
              check=False, timeout=30)
    assert scp.returncode != 0 and not (ssh.base / "got").exists()


def test_port_forwarding_gets_nothing(ssh: SshEnv) -> None:
    remote = run(*ssh.ssh_args("coord", "-N", "-o", "ExitOnForwardFailure=yes",
                               "-R", "0:127.0.0.1:22"), check=False, timeout=30)
    assert remote.returncode != 0 and "forwarding failed" in remote.stderr
    local_port = _free_port()
    tunnel = subprocess.Popen(ssh.ssh_args("coord", "-N", "-L",
                                           f"{local_port}:127.0.0.1:{ssh.port}"),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(lambda: _accepts(local_port), 15), "the client never listened"
        with socket.create_connection(("127.0.0.1", local_port), timeout=10) as conn:
            conn.settimeout(10)
            try:
                banner = conn.recv(64)  # sshd's banner would arrive if the tunnel worked
            except ConnectionResetError:
                banner = b""
        assert b"SSH-" not in banner
    finally:
        tunnel.terminate()
        try:
            tunnel.wait(10)
        except subprocess.TimeoutExpired:  # a loaded machine: make sure the client goes
            tunnel.kill()
            tunnel.wait(10)
    assert wait_for(lambda: "refused local port forward" in (ssh.base / "sshd.log").read_text(), 5)


def test_an_unknown_key_is_refused(ssh: SshEnv) -> None:
    result = run(*ssh.ssh_args("stranger", "-tt"), check=False, timeout=30)
    assert result.returncode == 255 and "Permission denied (publickey)" in result.stderr


def test_county_admin_sees_only_reports(ssh: SshEnv) -> None:
    ssh.open_terminal("county", "county")
    shown = ssh.wait_screen("county", "Alex County · county admin")
    shown = ssh.wait_screen("county", "Weekly county report")
    assert "Open calls" not in shown and "Teams on the road" not in shown
    ssh.keys_to("county", "b")  # the board key does nothing for this role
    time.sleep(0.5)
    assert "Open calls" not in ssh.screen("county")
    ssh.keys_to("county", "C-q")
    ssh.close_terminal("county")


def test_a_change_in_one_session_shows_in_others_within_two_seconds(ssh: SshEnv) -> None:
    ssh.open_terminal("live-a", "coord")
    ssh.open_terminal("live-b", "ujuniper")
    before = {name: _open_calls(ssh.wait_screen(name, "Calls ")) for name in ("live-a", "live-b")}
    ssh.open_terminal("form", "super")
    ssh.wait_screen("form", "Sam Supervisor")
    ssh.keys_to("form", "s")
    ssh.wait_screen("form", "Full name")
    ssh.keys_to("form", "-l", "unsaved")  # typed, not saved: must survive other sessions' writes
    ssh.wait_screen("form", "unsaved", timeout=10)
    ssh.python_as_service(
        "from mrss_tui.store.db import Store\n"
        f"s = Store.open({str(ssh.db)!r}, migrate_schema=False)\n"
        "s.calls.create('coord', line='988', town='Burns', county='Harney', region='Harney',"
        " situation='test call from another process', status='open')\n")
    written = time.monotonic()
    for name in ("live-a", "live-b"):
        seen = wait_for(lambda: _open_calls(ssh.screen(name)) == before[name] + 1, 5, every=0.05)
        assert seen, ssh.screen(name)
        assert time.monotonic() - written < 2.0, f"{name} took {time.monotonic() - written:.2f}s"
    assert "unsaved" in ssh.screen("form")
    for name in ("live-a", "live-b", "form"):
        ssh.keys_to(name, "C-q")
        ssh.close_terminal(name)


def _mrss_processes(ssh: SshEnv) -> set[int]:
    """The service account's processes running mrss (the forced command and the app)."""
    found = set()
    for pid in ssh.service_pids():
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue  # gone meanwhile
        if b"mrss" in cmdline:
            found.add(pid)
    return found


def test_a_dropped_link_mid_form_leaves_a_draft_offered_next_login(ssh: SshEnv) -> None:
    # Start from no draft: an earlier test in this module may have left super's typing behind.
    ssh.python_as_service(
        "from mrss_tui.store.db import Store\n"
        f"s = Store.open({str(ssh.db)!r}, migrate_schema=False)\n"
        "s.drafts.discard('super', 'staff')\n")
    ssh.open_terminal("drop", "super")
    ssh.wait_screen("drop", "Sam Supervisor")
    ssh.keys_to("drop", "s")
    ssh.wait_screen("drop", "Full name")
    ssh.keys_to("drop", "-l", "halfway")
    ssh.wait_screen("drop", "halfway", timeout=10)
    ssh.keys_to("drop", "Tab")  # (keys typed ahead of a focus change would land in the old field)
    time.sleep(0.5)
    ssh.keys_to("drop", "-l", "Hal Fway")
    ssh.wait_screen("drop", "Hal Fway", timeout=10)
    seen: list[str] = []

    def draft_saved() -> bool:
        # Each look starts a Python process as the service account (a second or two on a busy
        # machine), so allow several looks.
        seen.append(ssh.python_as_service(
            "from mrss_tui.store.db import Store\n"
            f"s = Store.open({str(ssh.db)!r}, migrate_schema=False)\n"
            "d = s.drafts.get('super', 'staff'); print(d.payload if d else '')").stdout)
        return "halfway" in seen[-1]

    assert wait_for(draft_saved, 30), f"draft not saved; last look: {seen[-1:]}; screen: {ssh.screen('drop')}"
    apps_before = _mrss_processes(ssh)
    assert apps_before, "no mrss process of the service account was found"
    os.kill(ssh.pane_pid("drop"), signal.SIGKILL)  # the laptop's link dies: ssh client gone
    # Only the app's own processes: sshd's session child, or a look at the drafts started a
    # moment ago, are not the app. On a loaded machine the app takes a few seconds to go.
    assert wait_for(lambda: not (_mrss_processes(ssh) & apps_before), 30), \
        "the remote app kept running after its client died"
    ssh.close_terminal("drop")
    ssh.open_terminal("again", "super")
    ssh.wait_screen("again", "Sam Supervisor", "Unfinished drafts", "press s")  # offered at login
    ssh.keys_to("again", "s")
    shown = ssh.wait_screen("again", "Restored your unsaved draft", "halfway", "Hal Fway")
    assert "ctrl+s saves it" in shown
    assert _field(shown, "Login") == "halfway" and _field(shown, "Full name") == "Hal Fway"
    ssh.keys_to("again", "C-q")
    ssh.close_terminal("again")


def test_revoked_and_deactivated_keys_stop_working(ssh: SshEnv) -> None:
    ssh.mrss_cli("--as", "super", "ssh-key", "revoke", "county")
    # a supervisor deactivates a clinician (as the roster screen would, in the app's process)
    ssh.python_as_service(
        "from mrss_tui.config import load_config\n"
        "from mrss_tui.workflow.context import open_session\n"
        "from mrss_tui.workflow.staff import set_active\n"
        f"s = open_session({str(ssh.db)!r}, load_config(None), 'super')\n"
        "who = s.store.staff.by_login('ujuniper')\n"
        "set_active(s, who.id, False, who.version)\n")
    text = ssh.authorized_keys.read_text()
    assert "--as county" not in text and "--as ujuniper" not in text and "--as coord" in text
    for login in ("county", "ujuniper"):
        refused = run(*ssh.ssh_args(login, "-tt"), check=False, timeout=30)
        assert refused.returncode == 255 and "Permission denied" in refused.stderr


def _open_calls(screen: str) -> int | None:
    """The board's open-call figure ("Open calls 3", or "Calls 3" at 80 columns)."""
    found = re.search(r"(?:Open calls|Calls) (\d+)", screen)
    return int(found.group(1)) if found else None


def _field(screen: str, title: str) -> str:
    """The text in the form's input box on the line that starts with ``title``."""
    line = next(x for x in screen.splitlines() if x.strip().startswith(title))
    return line.split("▊", 1)[1].rsplit("▎", 1)[0].strip()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _accepts(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0
