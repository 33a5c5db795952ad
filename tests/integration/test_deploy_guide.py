"""deploy/README.md followed as a new administrator would, on this machine, as root (issue 21).

The guide's marked command blocks run in order (tests/integration/deploy_guide.py): the real
service account ``mrss`` with a root-owned home, a venv made with Debian's python3 and a
non-editable install, the env file, a demo database. Then, as that account: the worker files the
weekly report, a county PDF is written without ``--out``, a session through deploy/mrss-ssh in a
real terminal (tmux, over a private sshd on 127.0.0.1) saves and prints a safety plan, and the
cron backup is written. Everything the guide made is removed afterwards.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.integration.deploy_guide import (
    ACCOUNT,
    ORDER,
    PLACES,
    REPO,
    apt_packages,
    cron_command,
    env_file,
    guide_blocks,
    substitute,
    unit_settings,
)
from tests.integration.ssh_env import SSHD, free_port, wait_for

DATA = Path("/var/lib/mrss")
FILES = DATA / "mrss-files"
SOURCE_IGNORED = shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info",
                                        "__pycache__", "*.db", "*.db-wal", "*.db-shm", ".pytest_cache")
START_TIMEOUT = 60.0
ROOT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def test_the_guide_marks_the_blocks_this_test_follows_in_order() -> None:
    assert list(guide_blocks()) == ORDER


def why_not() -> str | None:
    if os.geteuid() != 0:
        return "follows deploy/README.md as root (creates the mrss account); run as root (CI does)"
    for tool in ("tmux", "ssh", "sudo", "adduser", "runuser"):
        if shutil.which(tool) is None:
            return f"{tool} is missing (.ci/run installs it)"
    if not os.path.exists(SSHD):
        return "sshd is missing (openssh-server)"
    try:
        pwd.getpwnam(ACCOUNT)
        return f"an account '{ACCOUNT}' exists: this machine has an install the guide would change"
    except KeyError:
        pass
    present = [p for p in PLACES if os.path.lexists(p)]
    return f"{', '.join(present)} exist: an install the guide would change" if present else None


@dataclass
class Deployed:
    work: Path
    source: Path
    keys: dict[str, Path]
    sshd_config: Path
    port: int
    tmux: str
    outputs: dict[str, subprocess.CompletedProcess]


def bash(script: str, cwd: Path, timeout: float = 900) -> subprocess.CompletedProcess:
    """A block as root types it: bash, stopping at the first failure, aliases on."""
    prelude = "set -euo pipefail\nshopt -s expand_aliases\n"
    env = {**os.environ, "PATH": ROOT_PATH}  # root's login PATH on Debian, not this shell's
    return subprocess.run(["bash", "-c", prelude + script], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, env=env)


def ok(result: subprocess.CompletedProcess, what: str) -> subprocess.CompletedProcess:
    assert result.returncode == 0, f"{what} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def deployed() -> Iterator[Deployed]:
    reason = why_not()
    if reason:
        pytest.skip(reason)
    work = Path(tempfile.mkdtemp(prefix="mrss-guide-"))
    work.chmod(0o755)
    state = Deployed(work=work, source=work / "mrss-tui", keys={}, sshd_config=work / "sshd_config",
                     port=free_port(), tmux=f"mrss-guide-{os.getpid()}", outputs={})
    sshd: subprocess.Popen | None = None
    try:
        follow_the_guide(state)
        sshd = start_private_sshd(state)
        yield state
    finally:
        subprocess.run(["tmux", "-L", state.tmux, "kill-server"], capture_output=True)
        if sshd is not None:
            sshd.terminate()
            sshd.wait(10)
        remove_the_install(work)


def follow_the_guide(state: Deployed) -> None:
    blocks = guide_blocks()
    missing = [p for p in apt_packages(blocks["packages"])
               if subprocess.run(["dpkg", "-s", p], capture_output=True).returncode != 0]
    assert not missing, f"step 1's packages are not installed: {missing} (.ci/run installs them)"
    shutil.copytree(REPO, state.source, ignore=SOURCE_IGNORED)
    subprocess.run(["chmod", "-R", "a+rX", str(state.work)], check=True)
    for login in ("super", "coord"):  # the demo roster's supervisor and coordinator
        key = state.work / "keys" / login
        key.parent.mkdir(mode=0o755, exist_ok=True)
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", f"{login}@laptop",
                        "-f", str(key)], check=True)
        (key.parent / f"{login}.pub").chmod(0o644)
        state.keys[login] = key
    keys_dir = state.keys["super"].parent
    sshd_globals = (f"Port {state.port}\nListenAddress 127.0.0.1\n"
                    f"HostKey {state.work / 'host_key'}\nPidFile {state.work / 'sshd.pid'}\n"
                    "UsePAM no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
                    f"AuthorizedKeysFile .ssh/authorized_keys\nAllowUsers {ACCOUNT}\n")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f",
                    str(state.work / "host_key")], check=True)
    state.sshd_config.write_text(sshd_globals)  # the server's own settings come first
    worker_units = state.work / "systemd"
    worker_units.mkdir()
    script = "\n".join([
        blocks["account"],
        substitute(blocks["app"], {"/path/to/mrss-tui": str(state.source)}),
        blocks["settings"],
        blocks["alias"],
        blocks["demo"],  # the guide's practice database instead of `init` (logins below)
        blocks["check"],
        # This machine's own sshd is not ours to change: the guide's commands on a private one.
        substitute(blocks["sshd"], {"/etc/ssh/sshd_config": str(state.sshd_config),
                                    "sshd -t ": f"{SSHD} -t -f {state.sshd_config} ",
                                    "systemctl reload ssh": "true"}),
        substitute(blocks["keys"], {"/tmp/lead.pub": f"{keys_dir}/super.pub",
                                    "/tmp/jdoe.pub": f"{keys_dir}/coord.pub",
                                    "--as lead": "--as super", "add lead": "add super",
                                    "add jdoe": "add coord"}),
        # systemd does not run in a test container: install beside, verify, run as the unit says.
        substitute(blocks["worker"], {
            "/etc/systemd/system/": f"{worker_units}/",
            "systemctl daemon-reload && systemctl enable --now mrss-worker": verify_command(
                worker_units / "mrss-worker.service")}),
    ])
    assert "init --login lead" in blocks["init"]
    state.outputs["guide"] = ok(bash(script, state.source), "the guide's steps 2-10")


def verify_command(unit: Path) -> str:
    if shutil.which("systemd-analyze") is None:
        return "echo 'systemd-analyze is missing: the unit was not verified'"
    return f"systemd-analyze verify {unit}"


def start_private_sshd(state: Deployed) -> subprocess.Popen:
    log = state.work / "sshd.log"
    Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
    sshd = subprocess.Popen([SSHD, "-D", "-f", str(state.sshd_config), "-E", str(log)])

    def listening() -> bool:
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", state.port)) == 0

    assert wait_for(listening, 15), log.read_text() if log.exists() else "sshd did not start"
    return sshd


def remove_the_install(work: Path) -> None:
    try:
        uid = pwd.getpwnam(ACCOUNT).pw_uid
    except KeyError:
        uid = None
    if uid is not None:
        for pid in processes_of(uid):  # the app and worker processes this test started as mrss
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        subprocess.run(["userdel", ACCOUNT], capture_output=True)
        subprocess.run(["groupdel", ACCOUNT], capture_output=True)
    for place in PLACES:
        if os.path.isdir(place) and not os.path.islink(place):
            shutil.rmtree(place, ignore_errors=True)
        elif os.path.lexists(place):
            os.unlink(place)
    shutil.rmtree(work, ignore_errors=True)


def processes_of(uid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and entry.stat().st_uid == uid:
                pids.append(int(entry.name))
        except FileNotFoundError:
            continue
    return pids


def as_the_unit(unit: Path, *extra: str) -> subprocess.CompletedProcess:
    """Run the unit's ExecStart as its User with its EnvironmentFile and UMask, like systemd."""
    settings = unit_settings(unit)
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
           **env_file(Path(settings["EnvironmentFile"]))}
    command = settings["ExecStart"].split() + list(extra)
    umask = f"umask {settings['UMask']}; " if "UMask" in settings else ""
    return subprocess.run(["runuser", "-u", settings["User"], "--", "env", "-i",
                           *[f"{k}={v}" for k, v in env.items()],
                           "sh", "-c", umask + 'exec "$@"', "sh", *command],
                          capture_output=True, text=True, timeout=300)


def private_file(path: Path) -> None:
    info = path.stat()
    assert (info.st_mode & 0o777, pwd.getpwuid(info.st_uid).pw_name) == (0o600, ACCOUNT), path
    assert (path.parent.stat().st_mode & 0o777) == 0o700, path.parent


@pytest.mark.slow
def test_the_worker_unit_files_the_weekly_report_where_it_may_write(deployed: Deployed) -> None:
    unit = deployed.work / "systemd" / "mrss-worker.service"
    writable = unit_settings(unit)["ReadWritePaths"].split()
    for place in ("/var/lib/mrss", "/var/lib/mrss/mrss-files", "/var/backups/mrss"):
        assert place in writable and place in (REPO / "deploy" / "README.md").read_text()
    run = as_the_unit(unit, "--once")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "weekly_report: weekly report" in run.stdout and "filed in" in run.stdout
    filed = list((FILES / "filed-reports").glob("mrss-weekly-*.pdf"))
    assert len(filed) == 1 and any(filed[0].is_relative_to(w) for w in writable)
    private_file(filed[0])


@pytest.mark.slow
def test_the_county_pdf_is_written_without_out(deployed: Deployed) -> None:
    before = set((FILES / "reports").glob("*.pdf")) if (FILES / "reports").exists() else set()
    for _ in range(2):  # a second run never replaces the first
        ok(bash("\n".join([guide_blocks()["alias"], guide_blocks()["county-report"]]),
                deployed.source, timeout=300), "the county report step")
    written = sorted(set((FILES / "reports").glob("*.pdf")) - before)
    assert len(written) == 2, written
    for pdf in written:
        private_file(pdf)
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True, timeout=60).stdout
        assert "Week " in text


@pytest.mark.slow
def test_the_cron_backup_is_written(deployed: Deployed) -> None:
    line = substitute(guide_blocks()["backup-cron"], {"--as lead": "--as super"})
    ok(bash(cron_command(line), deployed.source, timeout=300), "the crontab's backup command")
    backups = list(Path("/var/backups/mrss").glob("mrss-*.db"))
    assert len(backups) == 1
    private_file(backups[0])


@pytest.mark.slow
def test_a_remote_session_saves_and_prints_a_safety_plan(deployed: Deployed) -> None:
    ssh = ["ssh", "-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o",
           "UserKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
           "-o", "LogLevel=ERROR", "-i", str(deployed.keys["coord"]), "-p", str(deployed.port),
           "-tt", f"{ACCOUNT}@127.0.0.1"]
    tmux = ["tmux", "-L", deployed.tmux]
    subprocess.run([*tmux, "new-session", "-d", "-s", "plan", "-x", "80", "-y", "24",
                    "exec " + " ".join(f"'{a}'" for a in ssh)], check=True)

    def screen() -> str:
        return subprocess.run([*tmux, "capture-pane", "-p", "-t", "plan"], capture_output=True,
                              text=True).stdout

    def keys(*typed: str) -> None:
        subprocess.run([*tmux, "send-keys", "-t", "plan", *typed], check=True)

    def until(*texts: str) -> str:
        assert wait_for(lambda: all(t in screen() for t in texts), START_TIMEOUT), screen()
        return screen()

    until("Casey Coordinator · coordinator")
    keys("e")
    until("Crisis episodes")
    keys("Enter")
    until("s Plan")
    keys("s")
    until("Safety plan", "1. Warning signs")
    keys("-l", "Paces at night")
    keys("C-s")
    until("Saved as version")
    keys("C-o")
    shown = until("Printable copy written")
    assert "Unexpected problem" not in shown and "Traceback" not in shown
    plans = list((FILES / "safety-plans").glob("safety-plan-*.pdf"))
    assert len(plans) == 1, shown
    private_file(plans[0])
    text = subprocess.run(["pdftotext", str(plans[0]), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    assert "Paces at night" in text
    keys("C-q")
    assert wait_for(lambda: subprocess.run([*tmux, "has-session", "-t", "plan"],
                                           capture_output=True).returncode != 0, 30), screen()


@pytest.mark.slow
def test_the_units_verify_against_the_install_and_write_only_guide_paths(deployed: Deployed) -> None:
    """Both units in deploy/, checked by systemd against the installed app; every path they may
    write is one the guide's table gives the account."""
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is missing (.ci/run installs systemd)")
    table = (REPO / "deploy" / "README.md").read_text(encoding="utf-8")
    for name in ("mrss-worker.service", "mrss-replicate.service"):
        unit = REPO / "deploy" / name
        verified = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True,
                                  text=True, timeout=120)
        assert verified.returncode == 0, verified.stdout + verified.stderr
        for place in unit_settings(unit)["ReadWritePaths"].split():
            assert f"| `{place}` | mrss, 0700 |" in table, place
