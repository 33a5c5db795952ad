"""SMS replies through the real gammu-smsd, with its dummy phone driver (a folder stands in for
the GSM modem): an incoming text dropped into the dummy inbox reaches RunOnReceive, which runs
`mrss sms-reply`, and the team's status changes once."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mrss_tui.domain.enums import DispatchStatus
from mrss_tui.store.db import Store
from tests.phone_ack_helpers import ack_config, paged_team

DEPLOYED_HOOK = Path(__file__).resolve().parents[2] / "deploy" / "mrss-sms-reply"

pytestmark = pytest.mark.skipif(shutil.which("gammu-smsd") is None,
                                reason="gammu-smsd is not installed (.ci/run installs it)")


def incoming(dummy: Path, n: int, number: str, text: str) -> None:
    """One received SMS in gammu's backup format (UCS-2 hex), as the dummy driver reads it."""
    hex_text = "".join(f"{ord(c):04x}" for c in text)
    (dummy / "sms" / "1" / str(n)).write_text(
        f'[SMSBackup000]\nSMSC = "+15415550000"\nState = UnRead\nNumber = "{number}"\n'
        f"Coding = Default\nFolder = 1\nSent = 20261206T0815{n:02d}\nText00 = {hex_text}\n")


def gammu_setup(tmp: Path, db_path: Path, config_path: Path) -> Path:
    for sub in ("dummy/sms/1", "dummy/sms/2", "dummy/sms/3", "dummy/sms/4", "dummy/sms/5",
                "inbox", "outbox", "sent", "error"):
        (tmp / sub).mkdir(parents=True, exist_ok=True)
    # The deployed hook (deploy/mrss-sms-reply) with this test's env file, its output kept.
    env_file = tmp / "mrss.env"
    env_file.write_text(f"MRSS_BIN={Path(sys.executable).with_name('mrss')}\n"
                        f"MRSS_DB={db_path}\nMRSS_CONFIG={config_path}\n")
    hook = tmp / "hook"
    hook.write_text(f"#!/bin/sh\nMRSS_ENV_FILE='{env_file}' exec '{DEPLOYED_HOOK}' \"$@\" "
                    f">>'{tmp}/hook.log' 2>&1\n")
    hook.chmod(0o755)
    rc = tmp / "smsdrc"
    rc.write_text(f"[gammu]\nmodel = dummy\nconnection = none\ndevice = {tmp}/dummy\n"
                  f"gammuloc = /dev/null\n\n[smsd]\nservice = files\ninboxpath = {tmp}/inbox/\n"
                  f"outboxpath = {tmp}/outbox/\nsentsmspath = {tmp}/sent/\n"
                  f"errorsmspath = {tmp}/error/\ncommtimeout = 1\nReceiveFrequency = 1\n"
                  f"StatusFrequency = 0\nlogfile = {tmp}/smsd.log\ndebuglevel = 1\n"
                  f"runonreceive = {hook}\n")
    return rc


def wait_for(predicate, attempts: int = 150) -> bool:
    for _ in range(attempts):  # bounded: at most ~30 s
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.slow
def test_an_sms_reply_through_gammu_moves_the_team_on_once(tmp_path, store, db_path,
                                                           make_session):
    cfg = ack_config(base_url="")
    config_path = tmp_path / "config.toml"
    config_path.write_text("[ack]\nsms_replies = true\n")
    _session, result = paged_team(make_session, cfg)
    page = result.pages[0]
    rc = gammu_setup(tmp_path / "gammu", db_path, config_path)
    dummy = tmp_path / "gammu" / "dummy"
    incoming(dummy, 1, "+15415550199", f"A {page.id}")  # not on the roster
    incoming(dummy, 2, "+15415550170", "on my way")  # not a reply mrss understands
    incoming(dummy, 3, "+15415550170", f"E {page.id} 25")
    smsd = subprocess.Popen(["gammu-smsd", "-c", str(rc)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    log = tmp_path / "gammu" / "smsd.log"
    try:
        def finished(count: int):
            return lambda: log.exists() and log.read_text().count("Process f") >= count
        assert wait_for(finished(3)), log.read_text() if log.exists() else "no smsd log"
        with Store.open(db_path) as look:
            assert look.dispatches.get(result.dispatch.id).status is DispatchStatus.EN_ROUTE
        incoming(dummy, 4, "+15415550170", f"E {page.id} 25")  # the same reply, sent twice
        assert wait_for(finished(4))
    finally:
        smsd.send_signal(signal.SIGTERM)
        smsd.wait(timeout=15)
    with Store.open(db_path) as look:
        replies = look.phone_replies.for_dispatch(result.dispatch.id)
        assert [(r.channel, r.action.value, r.eta_minutes) for r in replies] == [("sms", "enroute", 25)]
        assert look.dispatches.get(result.dispatch.id).status is DispatchStatus.EN_ROUTE
    said = (tmp_path / "gammu" / "hook.log").read_text()
    assert said.count("sms reply ignored") == 2 and "Already recorded" in said
    assert "5550199" not in said and "5550170" not in said  # no phone number in the output
