"""Urgent alerts page the on-call staff once, through a local JSON receiver."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from mrss_tui.domain.enums import Role, ShiftSlot
from mrss_tui.workflow.alert_reminders import remind_on_call
from mrss_tui.workflow.episode_alerts import scan_dispatches
from tests.conftest import T0
from tests.episode_helpers import open_episode


class Receiver(BaseHTTPRequestHandler):
    bodies: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        length = int(self.headers["Content-Length"])
        Receiver.bodies.append(json.loads(self.rfile.read(length)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def receiver():
    Receiver.bodies = []
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_urgent_alert_pages_on_call_staff_once(session, make_session, clock, receiver):
    store = session.store
    on_call = store.staff.create("system", login="oncall", name="On Call", role=Role.CLINICIAN,
                                 paging_url=f"json://127.0.0.1:{receiver}/page")
    store.shifts.add("system", staff_id=on_call.id, region="Harney", slot=ShiftSlot.PRIMARY,
                     starts_at=T0 - timedelta(hours=4), ends_at=T0 + timedelta(hours=8))
    episode = open_episode(session, received=T0 - timedelta(minutes=30))
    store.dispatches.create(session.actor.login, call_id=store.episodes.get(episode.id).call_id,
                            episode_id=episode.id, region="Harney",
                            members=[(on_call.id, "primary")], at=T0 - timedelta(minutes=25))
    assert scan_dispatches(session) == 1  # page not acknowledged (urgent)
    assert remind_on_call(session) == 1
    assert remind_on_call(session) == 0  # once
    assert len(Receiver.bodies) == 1
    body = Receiver.bodies[0]["message"]
    assert "not acknowledged" in body and "Test Youth" not in body
