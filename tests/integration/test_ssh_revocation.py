"""Key revocation over a real sshd on 127.0.0.1 (tests/integration/ssh_env.py).

The attack from issue 12: add a key, add another with `--wrapper /new/path`, revoke the first:
the old line (naming the old wrapper) used to survive as "not ours" and the revoked key kept
logging in. Also: the service account's shell and home give no startup file to inject.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from tests.integration.ssh_env import SshEnv, build, make_client_key, run, teardown, \
    why_sshd_cannot_run

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(why_sshd_cannot_run() is not None,
                                 reason=why_sshd_cannot_run() or "")]


@pytest.fixture(scope="module")
def ssh() -> Iterator[SshEnv]:
    env = build()
    try:
        yield env
    finally:
        teardown(env)


def logs_in(ssh: SshEnv, login: str) -> bool:
    """True if sshd accepts the key (the app then refuses to run without a terminal: exit 64)."""
    result = run(*ssh.ssh_args(login, "-T"), check=False, timeout=30)
    if result.returncode == 255 and "Permission denied" in result.stderr:
        return False
    assert result.returncode == 64, result.stderr  # "mrss needs a terminal"
    return True


def test_a_key_revoked_after_a_wrapper_change_no_longer_logs_in(ssh: SshEnv) -> None:
    old_pub = make_client_key(ssh, "coord").with_name("coord.pub")
    new_pub = make_client_key(ssh, "super").with_name("super.pub")
    ssh.mrss_cli("--as", "super", "ssh-key", "add", "coord", old_pub,
                 "--authorized-keys", ssh.authorized_keys, "--wrapper", ssh.wrapper)
    moved = ssh.base / "bin" / "mrss-ssh-v2"
    shutil.copy2(ssh.wrapper, moved)
    ssh.mrss_cli("--as", "super", "ssh-key", "add", "super", new_pub,
                 "--authorized-keys", ssh.authorized_keys, "--wrapper", moved)
    assert logs_in(ssh, "coord") and logs_in(ssh, "super")
    ssh.mrss_cli("--as", "super", "ssh-key", "revoke", "coord")
    assert not logs_in(ssh, "coord")
    assert logs_in(ssh, "super")
    checked = ssh.mrss_cli("check", check=False)
    assert checked.returncode == 0, checked.stderr
    # A stray line for the revoked key, pasted in by hand: sshd would take it; check says so.
    stray = (ssh.base / "client-keys" / "coord.pub").read_text().strip()
    with ssh.authorized_keys.open("a") as handle:
        handle.write(f'restrict,command="{moved} --as coord" {stray}\n')
    checked = ssh.mrss_cli("check", check=False)
    assert checked.returncode == 1 and "revoked key of 'coord'" in checked.stderr
    # Lines outside mrss's block are never touched (they may be the administrator's), so the
    # stray stays, and check keeps naming it until someone removes it.
    ssh.mrss_cli("--as", "super", "ssh-key", "revoke", "coord")
    assert f'restrict,command="{moved} --as coord" {stray}' in ssh.authorized_keys.read_text()
    assert ssh.mrss_cli("check", check=False).returncode == 1


def test_the_service_account_has_no_startup_file_to_inject(ssh: SshEnv) -> None:
    shell = run("getent", "passwd", ssh.account).stdout.strip().split(":")[-1]
    assert shell == "/bin/sh"
    for name in (".bashrc", ".profile", ".bash_profile"):  # the home belongs to root
        attempt = ssh.as_service("touch", ssh.home / name, check=False)
        assert attempt.returncode != 0, name
        assert not (ssh.home / name).exists()
