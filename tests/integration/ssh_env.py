"""A private OpenSSH server for integration tests, deployed the way deploy/README.md says.

It builds, in a temporary folder readable by others (mode 755, never under /root): a copy of
the app in its own virtual environment, the wrapper from deploy/, an env file and config, a
service account with a real shell, a database owned by that account (0600), and an sshd on
127.0.0.1 with its own host key, configured with deploy/sshd_config.d-mrss.conf. Terminal
sessions run ``ssh -tt`` inside a private tmux server so tests can read the screen.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SSHD = "/usr/sbin/sshd"
START_TIMEOUT = 30.0  # app start over ssh on a busy 2-core machine


def why_sshd_cannot_run() -> str | None:
    if os.geteuid() != 0:
        return "needs root to create a service account and run sshd"
    for tool in (SSHD, shutil.which("ssh"), shutil.which("tmux"), shutil.which("useradd")):
        if not tool or not os.path.exists(tool):
            return f"missing {tool or 'ssh/tmux/useradd'} (openssh-server, openssh-client, tmux)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(*cmd: str | Path, check: bool = True, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], check=check, timeout=timeout, capture_output=True,
                          text=True, **kw)


def wait_for(predicate: Callable[[], bool], timeout: float, every: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return predicate()


def _usable_python(account: str) -> str | None:
    """An interpreter of this Python version that the service account may run."""
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (os.path.realpath(sys.executable), f"/usr/bin/{version}"):
        if os.path.exists(candidate) and run("runuser", "-u", account, "--", candidate, "-c",
                                             "pass", check=False).returncode == 0:
            return candidate
    return None


@dataclass
class SshEnv:
    base: Path
    account: str
    port: int
    tmux_socket: str
    keys: dict[str, Path] = field(default_factory=dict)
    sshd: subprocess.Popen | None = None

    # -- layout ----------------------------------------------------------------------------------
    @property
    def venv(self) -> Path:
        return self.base / "app" / "venv"

    @property
    def mrss(self) -> Path:
        return self.venv / "bin" / "mrss"

    @property
    def wrapper(self) -> Path:
        return self.base / "bin" / "mrss-ssh"

    @property
    def db(self) -> Path:
        return self.base / "data" / "mrss.db"

    @property
    def home(self) -> Path:
        return self.base / "home"

    @property
    def authorized_keys(self) -> Path:
        return self.home / ".ssh" / "authorized_keys"

    # -- running things ----------------------------------------------------------------------------
    def as_service(self, *cmd: str | Path, **kw) -> subprocess.CompletedProcess:
        return run("runuser", "-u", self.account, "--", *cmd, **kw)

    def mrss_cli(self, *args: str | Path, **kw) -> subprocess.CompletedProcess:
        return self.as_service(self.mrss, "--db", self.db, "--config", self.base / "config.toml",
                               *args, **kw)

    def python_as_service(self, code: str) -> subprocess.CompletedProcess:
        return self.as_service(self.venv / "bin" / "python", "-c", code)

    def ssh_args(self, key: str | Path, *extra: str) -> list[str]:
        identity = self.keys[key] if isinstance(key, str) else key
        return ["ssh", "-F", "/dev/null", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes",
                "-o", "IdentityAgent=none", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR",
                "-o", "ConnectTimeout=10", "-i", str(identity), "-p", str(self.port),
                *extra, f"{self.account}@127.0.0.1"]

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        result = run("tmux", "-L", self.tmux_socket, *args, check=False, timeout=20)
        if check and result.returncode != 0:
            raise AssertionError(f"tmux {args[0]} failed: {result.stderr.strip()}")
        return result

    def open_terminal(self, name: str, key: str, *remote_command: str) -> None:
        """``ssh -tt`` in an 80x24 tmux window (exec'd, so the pane's process is ssh itself)."""
        command = " ".join(f"'{a}'" for a in (*self.ssh_args(key, "-tt"), *remote_command))
        self.tmux("new-session", "-d", "-s", name, "-x", "80", "-y", "24", f"exec {command}")

    def screen(self, name: str) -> str:
        result = self.tmux("capture-pane", "-p", "-t", name, check=False)
        return result.stdout if result.returncode == 0 else ""

    def wait_screen(self, name: str, *texts: str, timeout: float = START_TIMEOUT) -> str:
        ok = wait_for(lambda: all(t in self.screen(name) for t in texts), timeout)
        shown = self.screen(name)
        assert ok, f"waited {timeout}s for {texts!r} in {name}; the screen shows:\n{shown}"
        return shown

    def keys_to(self, name: str, *keys: str) -> None:
        self.tmux("send-keys", "-t", name, *keys)

    def pane_pid(self, name: str) -> int:
        return int(self.tmux("display-message", "-p", "-t", name, "#{pane_pid}").stdout.strip())

    def service_pids(self) -> list[int]:
        uid = pwd.getpwnam(self.account).pw_uid
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if entry.stat().st_uid == uid:
                        pids.append(int(entry.name))
                except FileNotFoundError:
                    continue
        return pids

    def app_pid(self, pids: set[int]) -> int | None:
        """Of ``pids``, the one running mrss (a session's sshd children run as the account too)."""
        for pid in pids:
            try:
                if b"mrss" in Path(f"/proc/{pid}/cmdline").read_bytes() \
                        and b"sshd" not in Path(f"/proc/{pid}/cmdline").read_bytes():
                    return pid
            except OSError:
                continue
        return None

    def unread_input(self, pid: int) -> int:
        """Bytes typed into ``pid``'s terminal that it has not read yet (the terminal's input
        queue, TIOCINQ). The link handing bytes to sshd is not the app having them: a hang-up
        drops what the app has not read, so a test of what reached the app waits for this."""
        import array
        import fcntl
        import termios

        fd = os.open(os.readlink(f"/proc/{pid}/fd/0"), os.O_RDONLY | os.O_NOCTTY | os.O_NONBLOCK)
        try:
            count = array.array("i", [0])
            fcntl.ioctl(fd, termios.TIOCINQ, count)
            return count[0]
        finally:
            os.close(fd)

    def close_terminal(self, name: str) -> None:
        self.tmux("kill-session", "-t", name, check=False)


def build(tmp_root: Path | None = None) -> SshEnv:
    base = Path(tempfile.mkdtemp(prefix="mrss-ssh-", dir=tmp_root or "/tmp"))
    base.chmod(0o755)
    env = SshEnv(base=base, account=f"mrsst{secrets.token_hex(3)}", port=free_port(),
                 tmux_socket=f"mrss-ssh-{secrets.token_hex(4)}")
    try:
        _account(env)
        _app(env)
        _database(env)
        _sshd(env)
        # One idle window keeps the private tmux server up between tests (a server whose last
        # session just closed may still be exiting when the next test opens one).
        env.tmux("new-session", "-d", "-s", "keep", "-x", "80", "-y", "24", "cat")
    except BaseException:
        teardown(env)
        raise
    return env


def _account(env: SshEnv) -> None:
    """As deploy/README.md: /bin/sh (reads no startup file for a forced command) and a home the
    account cannot write (no ~/.bashrc, ~/.profile or ~/.ssh/environment of its own); only
    ~/.ssh, where `mrss ssh-key` keeps authorized_keys, belongs to it."""
    env.home.mkdir(mode=0o755)  # owned by root
    run("useradd", "--home-dir", env.home, "--no-create-home", "--shell", "/bin/sh",
        "--user-group", env.account)
    run("usermod", "-p", "*", env.account)  # unlocked for sshd with UsePAM no; no password works
    ssh = env.home / ".ssh"
    ssh.mkdir(mode=0o700)
    shutil.chown(ssh, env.account, env.account)


def _app(env: SshEnv) -> None:
    """The app in a venv the service account can read, like /opt/mrss/venv on a server."""
    python = _usable_python(env.account)
    if python is None:
        raise RuntimeError("no Python interpreter of this version is runnable by another account")
    (env.base / "app").mkdir(mode=0o755)
    run(python, "-m", "venv", "--without-pip", env.venv)
    site = Path(run(env.venv / "bin" / "python", "-c",
                    "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    ours = Path(sysconfig.get_paths()["purelib"])

    def link_or_copy(src: str, dst: str) -> None:
        try:
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    shutil.copytree(ours, site, dirs_exist_ok=True, copy_function=link_or_copy,
                    ignore=shutil.ignore_patterns("__editable__*", "mrss_tui*", "__pycache__"))
    shutil.copytree(REPO / "mrss_tui", site / "mrss_tui",
                    ignore=shutil.ignore_patterns("__pycache__"))
    env.mrss.write_text(f"#!{env.venv}/bin/python\nimport sys\nfrom mrss_tui.launch import main\n"
                        "sys.exit(main())\n")
    env.mrss.chmod(0o755)
    (env.base / "bin").mkdir(mode=0o755)
    shutil.copy2(REPO / "deploy" / "mrss-ssh", env.wrapper)
    env.wrapper.chmod(0o755)
    (env.base / "config.toml").write_text('[session]\nidle_lock_minutes = 30\nidle_end_minutes = 60\n')
    (env.base / "mrss.env").write_text(
        f"MRSS_BIN={env.mrss}\nMRSS_DB={env.db}\nMRSS_CONFIG={env.base / 'config.toml'}\n")
    for path in (env.base / "config.toml", env.base / "mrss.env"):
        path.chmod(0o644)


def _database(env: SshEnv) -> None:
    data = env.base / "data"
    data.mkdir(mode=0o700)
    shutil.chown(data, env.account, env.account)
    env.mrss_cli("demo", "--quiet", "--days", "14")
    env.db.chmod(0o600)


def _sshd(env: SshEnv) -> None:
    Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
    host_key = env.base / "ssh_host_ed25519_key"
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", host_key)
    snippet = (REPO / "deploy" / "sshd_config.d-mrss.conf").read_text()
    snippet = snippet.replace("Match User mrss", f"Match User {env.account}")
    snippet = snippet.replace("    PermitTTY yes", f"    PermitTTY yes\n    SetEnv MRSS_ENV_FILE="
                              f"{env.base / 'mrss.env'}")
    config = env.base / "sshd_config"
    config.write_text(
        f"Port {env.port}\nListenAddress 127.0.0.1\nHostKey {host_key}\n"
        f"PidFile {env.base / 'sshd.pid'}\nUsePAM no\nPasswordAuthentication no\n"
        f"KbdInteractiveAuthentication no\nAuthorizedKeysFile .ssh/authorized_keys\n"
        f"AllowUsers {env.account}\nStrictModes yes\nLogLevel VERBOSE\nMaxStartups 50\n"
        f"{snippet}")
    run(SSHD, "-t", "-f", config)
    env.sshd = subprocess.Popen([SSHD, "-D", "-f", str(config), "-E", str(env.base / "sshd.log")])

    def listening() -> bool:
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", env.port)) == 0

    if not wait_for(listening, 10):
        raise RuntimeError("sshd did not start; see " + str(env.base / "sshd.log"))


def make_client_key(env: SshEnv, name: str) -> Path:
    keys = env.base / "client-keys"
    keys.mkdir(mode=0o755, exist_ok=True)
    path = keys / name
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"{name}@laptop", "-f", path)
    (keys / f"{name}.pub").chmod(0o644)
    env.keys[name] = path
    return path


def teardown(env: SshEnv) -> None:
    run("tmux", "-L", env.tmux_socket, "kill-server", check=False)
    if env.sshd is not None:
        env.sshd.terminate()
        try:
            env.sshd.wait(10)
        except subprocess.TimeoutExpired:
            env.sshd.kill()
    try:
        for pid in env.service_pids():  # app processes our sshd started for this account
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    except KeyError:
        pass
    run("userdel", env.account, check=False)
    shutil.rmtree(env.base, ignore_errors=True)
