"""The phone loop with real parts: a page goes through apprise's ntfy plugin to a local stand-in
for ntfy; the link is read from the action buttons it received; a real `mrss ack-server`
(uvicorn on 127.0.0.1) answers GET with a confirmation and POST with the record."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx
import pytest

from mrss_tui.clock import SystemClock
from mrss_tui.domain.enums import DispatchStatus
from mrss_tui.store.db import Store
from mrss_tui.workflow.context import SYSTEM, Session
from mrss_tui.workflow.page_sender import send_due_pages
from tests.phone_ack_helpers import NtfyReceiver, ack_config, paged_team

MRSS = [sys.executable, "-m", "mrss_tui"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_serving(base: str, server: subprocess.Popen, attempts: int = 100) -> None:
    for _ in range(attempts):
        if server.poll() is not None:
            raise AssertionError(f"ack-server exited: {server.stderr.read().decode()}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).text == "ok":
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise AssertionError("ack-server did not start")


@pytest.fixture
def ntfy():
    receiver = NtfyReceiver()
    yield receiver
    receiver.close()


@pytest.mark.slow
def test_a_page_acknowledged_from_its_ntfy_button(tmp_path: Path, store, db_path, make_session,
                                                  ntfy):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cfg = ack_config(base_url=base, listen=f"127.0.0.1:{port}")
    (tmp_path / "config.toml").write_text(
        f'[ack]\nbase_url = "{base}"\nlisten = "127.0.0.1:{port}"\nsms_replies = true\n')
    session, result = paged_team(make_session, cfg, paging_url=ntfy.url("harney-team"))
    clin_page = result.pages[0]
    # Send for real (apprise, ntfy plugin) on the system clock, as the worker does.
    sent = send_due_pages(Session(store, cfg, SYSTEM, SystemClock()))
    assert {p.status.value for p in sent} == {"sent"}
    message = next(m for m in ntfy.received if f"mrss-page-{clin_page.id}" in m["message"])
    assert f"Reply A {clin_page.id} ack" in message["message"]
    buttons = [part.split(", ") for part in message["actions_header"].split("; ")]
    assert [b[1] for b in buttons] == ["Acknowledge", "En route", "Arrived"]
    ack_url = buttons[0][2]
    assert ack_url.startswith(f"{base}/a/") and f"Acknowledge: {ack_url}" in message["message"]

    env = {**os.environ, "MRSS_DB": str(db_path), "MRSS_CONFIG": str(tmp_path / "config.toml")}
    server = subprocess.Popen([*MRSS, "ack-server"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    try:
        wait_until_serving(base, server)
        shown = httpx.get(ack_url, timeout=5)
        assert shown.status_code == 200 and "<button" in shown.text
        with Store.open(db_path) as look:
            assert look.dispatches.get(result.dispatch.id).status is DispatchStatus.PAGED
        recorded = httpx.post(ack_url, timeout=5)
        assert recorded.status_code == 200 and "Recorded: acknowledged" in recorded.text
        replay = httpx.post(ack_url, timeout=5)
        assert "Already recorded" in replay.text
        assert httpx.post(ack_url[:-3] + "xyz", timeout=5).status_code == 403
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)
    with Store.open(db_path) as look:
        dispatch = look.dispatches.get(result.dispatch.id)
        members = {m.staff_id: m for m in look.dispatches.members(dispatch.id)}
        assert dispatch.status is DispatchStatus.ACKNOWLEDGED
        assert members[clin_page.staff_id].acknowledged_at is not None
        assert [(r.channel, r.action.value) for r in look.phone_replies.for_dispatch(dispatch.id)] \
            == [("link", "ack")]
    assert b"/a/" not in server.stderr.read()  # no token in the server's output
