"""Each page is leased for its own send (issue 20: duplicates with no fault).

A sender slowed on purpose (its sends wait at a gate the test opens) and a shared frozen clock
replay what a loaded machine did: sends that queue behind each other outlive a lease taken for
the whole batch, and a second sender takes them over and sends them again. Here a second
sender, run while the first one's sends are still going and past one lease of clock time, finds
nothing to take over: every page reaches the real receiver once. Also: a refused connection is
a failure that retries and arrives once the receiver is back."""

from __future__ import annotations

import threading
from datetime import timedelta

from mrss_tui.domain.cssrs import CssrsAnswers
from mrss_tui.domain.enums import Line, PageStatus, Triage
from mrss_tui.store.db import Store
from mrss_tui.workflow.context import SYSTEM, Session
from mrss_tui.workflow.intake import IntakeForm, record_call
from mrss_tui.workflow.page_sender import SENDS_AT_ONCE, send_due_pages
from mrss_tui.workflow.page_transport import send_with_apprise
from mrss_tui.workflow.paging import page_team
from tests.integration.test_paging_receivers import closed_port, team_with
from tests.receivers import JsonReceiver

WAIT = 30  # seconds: a bound on waiting for a state, never a pause


class GatedSender:
    """Sends through apprise to the real receiver, but only once the gate it met is opened."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.entered = 0
        self.changed = threading.Condition()

    def __call__(self, url: str, title: str, body: str, timeout: int):
        gate = self.gate
        with self.changed:
            self.entered += 1
            self.changed.notify_all()
        assert gate.wait(WAIT), "the test never opened the gate"
        return send_with_apprise(url, title, body, timeout)

    def wait_entered(self, count: int) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: self.entered >= count, WAIT), self.entered


def queue_pages(session, make_session, receiver, calls: int) -> None:
    """Two pages per call (clinician and peer) to the receiver."""
    ids = team_with(make_session, {"clin": receiver.url("/page/clin"),
                                   "peer": receiver.url("/page/peer")})
    for n in range(calls):
        page_team(session, call_id=mobile_call(session, n).id, staff_ids=ids, gap_reason="test",
                  confirm_busy=True)


def mobile_call(session, n: int):
    """A distinct fictional mobile-dispatch call (no two look like a repeat call)."""
    form = IntakeForm(received_at=session.now().isoformat(), callback_number=f"541-555-{n:04d}",
                      line=Line.L988, person_name=f"Test Person {n}", born_or_age="15",
                      address=f"{n} Elm Rd", town="Hines", triage=Triage.MOBILE_DISPATCH,
                      cssrs=CssrsAnswers(q1=True, q2=True, q3=True, q4=True, q5=True, q6=False))
    return record_call(session, form).call


def test_a_second_sender_never_takes_over_pages_still_being_sent(
        session, make_session, clock, config, db_path, receiver):
    queue_pages(session, make_session, receiver, calls=6)  # 12 pages: more than one round
    lease = timedelta(seconds=config.paging.send_timeout_seconds * 2 + 5)
    slow = GatedSender()
    first_gate = slow.gate
    results: list = []

    def first_sender() -> None:
        with Store.open(db_path, clock=clock) as store:
            results.extend(send_due_pages(Session(store, config, SYSTEM, clock), sender=slow,
                                          worker="slow"))

    thread = threading.Thread(target=first_sender)
    thread.start()
    slow.wait_entered(SENDS_AT_ONCE)
    clock.advance(lease - timedelta(seconds=1))  # the first round's sends were slow
    slow.gate = threading.Event()
    first_gate.set()
    slow.wait_entered(12)  # the rest are being sent now
    clock.advance(lease - timedelta(seconds=1))  # ... and slow too: past the first lease
    with Store.open(db_path, clock=clock) as store:
        other = send_due_pages(Session(store, config, SYSTEM, clock), worker="other")
    assert other == []  # nothing lost, nothing left to claim
    slow.gate.set()
    thread.join(WAIT)
    assert not thread.is_alive()
    assert sorted(p.status for p in results) == [PageStatus.SENT] * 12
    assert len(receiver.page_ids) == 12 and receiver.duplicates == 0
    assert session.store.scalar("SELECT sum(resends) FROM pages") == 0


def test_a_refused_connection_retries_and_arrives_once_the_receiver_is_back(
        session, make_session, clock, config):
    port = closed_port()
    down = JsonReceiver.__new__(JsonReceiver)  # only for its url(): nothing listens yet
    down.port = port
    queue_pages(session, make_session, down, calls=2)
    failed = send_due_pages(session)
    assert [p.status for p in failed] == [PageStatus.QUEUED] * 4  # to be tried again
    assert all(p.attempts == 1 and p.next_attempt_at for p in failed)
    back = JsonReceiver(port)
    try:
        clock.set(max(p.next_attempt_at for p in failed))
        sent = send_due_pages(session)
        assert [p.status for p in sent] == [PageStatus.SENT] * 4
        assert len(back.page_ids) == 4 and back.duplicates == 0
    finally:
        back.close()
    assert not session.store.all("SELECT id FROM pages WHERE status IN ('unknown', 'failed')")
