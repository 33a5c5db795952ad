"""A paged team for the phone-answer tests, built through workflow functions, and a local
stand-in for an ntfy server that keeps what it was sent (message and action buttons)."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from mrss_tui.config import build_config
from mrss_tui.domain.cssrs import CssrsAnswers
from mrss_tui.domain.enums import Line, Role, ShiftSlot, Triage
from mrss_tui.workflow.intake import IntakeForm, record_call
from mrss_tui.workflow.paging import page_team
from mrss_tui.workflow.staff import add_shift, add_staff
from tests.conftest import T0

ACK_CONFIG = {"ack": {"base_url": "https://crisis.example.org/ack", "sms_replies": True}}
CLIN_PHONE = "541-555-0170"


def ack_config(**ack):
    return build_config({"ack": {**ACK_CONFIG["ack"], **ack}})


def paged_team(make_session, cfg, paging_url: str = "json://127.0.0.1:9/never"):
    """A high-risk mobile call in Burns with a clinician and a peer paged: (session, result)."""
    boss = make_session(Role.SUPERVISOR)
    people = []
    for login, role in (("clin", Role.CLINICIAN), ("peer", Role.PEER)):
        staff = add_staff(boss, login=login, name=f"{login.title()} Person", role=role,
                          phone=CLIN_PHONE if login == "clin" else "541-555-0171",
                          paging_url=paging_url, region="Harney")
        add_shift(boss, staff_id=staff.id, region="Harney", slot=ShiftSlot.PRIMARY,
                  starts_at=T0 - timedelta(hours=2), ends_at=T0 + timedelta(hours=10))
        people.append(staff)
    session = make_session(Role.COORDINATOR, cfg=cfg)
    form = IntakeForm(received_at="2026-11-20T21:20:00Z", callback_number="541-555-0123",
                      line=Line.L988, person_name="Jo Rivers", born_or_age="14",
                      address="12 Main St", town="Burns", situation="Upset",
                      cssrs=CssrsAnswers(q1=True, q2=False, q6=False),
                      triage=Triage.MOBILE_DISPATCH)
    call = record_call(session, form)
    result = page_team(session, call_id=call.call.id, staff_ids=[p.id for p in people])
    return session, result


class NtfyReceiver:
    """Accepts what apprise's ntfy plugin posts (JSON with topic, title, message) and keeps the
    X-Actions header beside it."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.posted = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                body["actions_header"] = self.headers.get("X-Actions", "")
                receiver.received.append(body)
                receiver.posted.set()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"id":"x"}')

            def log_message(self, *_args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, topic: str) -> str:
        return f"ntfy://127.0.0.1:{self.port}/{topic}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
