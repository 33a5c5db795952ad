"""Pages reach real receivers on 127.0.0.1: an HTTP server (apprise json://) and an SMTP server
(aiosmtpd, apprise mailto://). A receiver that is down or answers 500 leads to retries and,
past the limit, a visible failed page and an alert."""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest

from mrss_tui.domain.cssrs import CssrsAnswers
from mrss_tui.domain.enums import AlertKind, Line, PageStatus, Role, ShiftSlot, Triage
from mrss_tui.workflow.intake import IntakeForm, record_call
from mrss_tui.workflow.page_sender import send_due_pages
from mrss_tui.workflow.paging import page_team
from mrss_tui.workflow.staff import add_shift, add_staff
from tests.conftest import T0


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def team_with(make_session, urls: dict[str, str]):
    boss = make_session(Role.SUPERVISOR)
    roles = {"clin": Role.CLINICIAN, "peer": Role.PEER}
    ids = []
    for login, url in urls.items():
        staff = add_staff(boss, login=login, name=f"{login.title()} Person", role=roles[login],
                          paging_url=url, region="Harney")
        add_shift(boss, staff_id=staff.id, region="Harney", slot=ShiftSlot.PRIMARY,
                  starts_at=T0 - timedelta(hours=1), ends_at=T0 + timedelta(hours=11))
        ids.append(staff.id)
    return ids


def high_risk_call(session):
    form = IntakeForm(received_at="2026-11-20T21:25:00Z", callback_number="541-555-0188",
                      line=Line.L988, person_name="Jo Rivers", born_or_age="15",
                      address="4 Elm Rd", town="Hines", situation="Threats with a rope",
                      cssrs=CssrsAnswers(q1=True, q2=True, q3=True, q4=True, q5=True, q6=False),
                      triage=Triage.MOBILE_DISPATCH)
    return record_call(session, form).call


def test_pages_reach_a_local_http_receiver_concurrently(session, make_session, receiver):
    ids = team_with(make_session, {
        "clin": f"json://127.0.0.1:{receiver.port}/page/clin",
        "peer": f"json://127.0.0.1:{receiver.port}/page/peer"})
    call = high_risk_call(session)
    page_team(session, call_id=call.id, staff_ids=ids, gap_reason="test")
    pages = send_due_pages(session)
    assert [p.status for p in pages] == [PageStatus.SENT, PageStatus.SENT]
    assert sorted(path for path, _ in receiver.received) == ["/page/clin", "/page/peer"]
    payload = receiver.received[0][1]
    assert call.ref in payload["title"] and "EMERGENT" in payload["title"]
    assert "4 Elm Rd, Hines" in payload["message"]
    assert "Risk HIGH to self" in payload["message"]
    for forbidden in ("Threats with a rope", "intent", "Rivers"):  # minimum necessary
        assert forbidden not in payload["message"]


def test_pages_reach_a_local_smtp_server(session, make_session):
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Message

    class Inbox(Message):
        def __init__(self) -> None:
            super().__init__()
            self.messages = []

        def handle_message(self, message) -> None:
            self.messages.append(message)

    inbox = Inbox()
    port = closed_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        url = (f"mailto://127.0.0.1:{port}?smtp=127.0.0.1&from=mrss@example.org"
               f"&to=clin@example.org&mode=insecure")
        ids = team_with(make_session, {"clin": url})
        call = high_risk_call(session)
        page_team(session, call_id=call.id, staff_ids=ids, gap_reason="test")
        [page] = send_due_pages(session)
        assert page.status is PageStatus.SENT
        [message] = inbox.messages
        assert call.ref in message["Subject"]
        assert message["To"] == "clin@example.org"
        text = message.get_payload(decode=True) if not message.is_multipart() else \
            message.get_payload(0).get_payload(decode=True)
        assert b"4 Elm Rd" in text
    finally:
        controller.stop()


@pytest.mark.parametrize("down", [True, False], ids=["receiver-down", "http-500"])
def test_failing_receiver_retries_then_fails_visibly_with_an_alert(session, make_session, clock,
                                                                    receiver, down):
    port = closed_port() if down else receiver.port
    receiver.status = 500
    [clin] = team_with(make_session, {"clin": f"json://127.0.0.1:{port}/page/clin"})
    call = high_risk_call(session)
    page_team(session, call_id=call.id, staff_ids=[clin], gap_reason="test")
    attempts = session.config.paging.max_attempts
    for attempt in range(1, attempts + 1):
        [page] = send_due_pages(session)
        assert page.attempts == attempt
        if page.next_attempt_at and page.status is PageStatus.QUEUED:
            clock.set(page.next_attempt_at)
    assert page.status is PageStatus.FAILED
    assert page.last_error.startswith("not accepted: ")
    assert len(receiver.received) == (0 if down else attempts)
    [alert] = session.store.alerts.open(clock.now())
    assert alert.kind is AlertKind.PAGE_FAILED and call.ref in alert.message
    # Nothing was lost: the failed page is still there, with its reason, for the dispatch view.
    assert session.store.pages.get(page.id).status is PageStatus.FAILED
