"""The one sender on the pages outbox: dispatch pages, escalations and alert reminders.

Each page goes out at most once as far as we can tell:
- it carries its stable id (``page_key``) in its text and, for json:// receivers, in the
  ``X-Mrss-Page-Id`` header, so a receiver can drop a repeat;
- a send whose outcome is unknown (the request went out, no answer came) is recorded as
  *unknown* and never re-sent by itself; its alert says "delivery not confirmed";
- a claim that outlived a dead sender is settled without a send when the member has already
  acknowledged; otherwise it is re-sent (and counted in ``pages.resends``) only where the
  receiver can de-duplicate by id, and marked *unknown* where it cannot;
- retries stop once the dispatch is acknowledged, en route, arrived, cleared or cancelled;
- a refused connection (nothing left the machine) is a failure that retries, not "unknown".

Each page is leased for its own send: a sender claims only as many pages as it sends at once
(each starts its request at once), renews the claims of the sends still running, and a send's
time limit runs from the moment its request starts. So a page never waits in a queue while its
lease runs out and another sender takes it over (issue 20: duplicates with no fault).
"""

from __future__ import annotations

import logging
import os
import socket
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import timedelta

from mrss_tui.domain.enums import AlertKind, DispatchStatus, Severity
from mrss_tui.domain.models import Page
from mrss_tui.domain.records import call_ref
from mrss_tui.domain.paging import PageToSend, page_key, retry_at, with_page_key
from mrss_tui.errors import MrssError
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.jobs import Job, every
from mrss_tui.workflow.page_transport import (
    FAILED,
    SENT,
    UNKNOWN,
    Delivery,
    Sender,
    as_delivery,
    idempotent_url,
    load_apprise,
    send_with_apprise,
    url_with_page_id,
)
from mrss_tui.workflow.permissions import Action

SENDS_AT_ONCE = 8  # pages in flight per sender; also how many it claims at a time
MAX_ROUNDS = 25  # a run sends at most SENDS_AT_ONCE * MAX_ROUNDS pages, then lets others in
RENEW_EVERY = 1.0  # seconds between renewals of the claims of sends still running


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _send_lease(session: Session) -> timedelta:
    """How long one claim lasts: a send's connect and read limits, then a margin to record it.
    Renewed while the send runs, so it is only ever used up by a sender that died."""
    return timedelta(seconds=session.config.paging.send_timeout_seconds * 2 + 5)


def send_due_pages(session: Session, *, sender: Sender = send_with_apprise,
                   worker: str | None = None) -> list[Page]:
    """Settle lost claims, then claim and send due pages a few at a time, each leased for its
    own send. Returns the pages sent or settled in this run, as they ended up."""
    session.require(Action.PAGE_TEAM)
    worker = worker or worker_id()
    session.store.pages.stop_retries("system", session.now())
    if sender is send_with_apprise:
        load_apprise()
    done: list[Page] = []
    for _round in range(MAX_ROUNDS):
        settled, to_send = _take_lost(session, worker)
        done += settled
        to_send += session.store.pages.claim_due(
            worker, session.now(), lease=_send_lease(session),
            limit=SENDS_AT_ONCE - len(to_send)) if len(to_send) < SENDS_AT_ONCE else []
        if not to_send and not settled:
            break
        done += _send_round(session, worker, to_send, sender)
    return done


def _take_lost(session: Session, worker: str) -> tuple[list[Page], list[PageToSend]]:
    """Claims that outlived their sender: settled when the member already answered, re-sent
    where the receiver drops a repeat by page id, otherwise recorded as unknown."""
    store, now = session.store, session.now()
    settled: list[Page] = []
    to_send: list[PageToSend] = []
    for item in store.pages.take_lost(worker, now, lease=_send_lease(session),
                                      limit=SENDS_AT_ONCE):
        if _acknowledged(session, item.page):
            store.pages.record_sent(worker, item.page.id, now)
            settled.append(store.pages.get(item.page.id))
        elif idempotent_url(item.url):
            store.pages.count_resend(worker, item.page.id)
            to_send.append(item)
        else:
            settled.append(_record(session, worker, item, Delivery(
                UNKNOWN, "the sender stopped during the send")))
    return settled, to_send


def _send_round(session: Session, worker: str, items: list[PageToSend],
                sender: Sender) -> list[Page]:
    """Send every item at once (one thread each) and record each outcome as it comes, renewing
    the claims of the sends still running.

    A send that runs past its own limit (connect + read, counted from when its request
    started, not from when it was queued) is recorded as unknown and left behind; a send that
    never started within that time is cancelled and is a failure (nothing left the machine)."""
    if not items:
        return []
    timeout = session.config.paging.send_timeout_seconds
    limit = 2 * timeout + 1
    started: dict[int, float] = {}  # page id -> when its request started (monotonic)
    pool = ThreadPoolExecutor(max_workers=len(items), thread_name_prefix="page")
    round_start, results = time.monotonic(), []
    try:
        extras = _phone_extras(session)
        pending = {pool.submit(_safe_send, sender, item, timeout, started, extras): item
                   for item in items}
        while pending:
            wait(pending, timeout=RENEW_EVERY, return_when=FIRST_COMPLETED)
            for future, outcome in _settled(pending, started, round_start, limit, timeout):
                results.append(_record(session, worker, pending.pop(future), outcome))
            if pending:
                session.store.pages.renew_claims(worker, [i.page.id for i in pending.values()],
                                                 session.now() + _send_lease(session))
        return results
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _settled(pending: dict[Future, PageToSend], started: dict[int, float], round_start: float,
             limit: float, timeout: int) -> list[tuple[Future, Delivery]]:
    now, out = time.monotonic(), []
    for future, item in pending.items():
        began = started.get(item.page.id)
        if future.done():
            out.append((future, future.result()))
        elif began is not None and now - began > limit:
            out.append((future, Delivery(UNKNOWN, f"no answer within {timeout} s")))
        elif began is None and now - round_start > limit and future.cancel():
            out.append((future, Delivery(FAILED, "not sent: the sender was too busy")))
    return out


def _safe_send(sender: Sender, item: PageToSend, timeout: int,
               started: dict[int, float], extras=None) -> Delivery:
    if not item.url.strip():
        return Delivery(FAILED, "no paging address on the staff record")
    page = item.page
    url, body = url_with_page_id(item.url, page.id), with_page_key(page.body, page.id)
    if extras is not None:
        try:
            url, more = extras(url, page)
            body = f"{body}\n{more}" if more else body
        except Exception:  # noqa: BLE001 - nothing was sent yet: send it without the links
            logging.getLogger("mrss.pages").warning("a page goes without answer links")
    started[page.id] = time.monotonic()
    try:
        return as_delivery(sender(url, item.title, body, timeout))
    except Exception as exc:  # noqa: BLE001 - a transport crash: we cannot tell if it went out
        return Delivery(UNKNOWN, f"send crashed ({type(exc).__name__})")


def _acknowledged(session: Session, page: Page) -> bool:
    """The member answered (or the team moved on): the page evidently arrived."""
    if page.dispatch_id is None:
        return False
    dispatch = session.store.dispatches.get(page.dispatch_id)
    if dispatch.status not in (DispatchStatus.AWAITING, DispatchStatus.PAGED):
        return True
    return any(m.staff_id == page.staff_id and m.acknowledged_at is not None
               for m in session.store.dispatches.members(dispatch.id))


def _phone_extras(session: Session):
    """Answer links and the SMS hint ([ack]); a broken key file must never stop a page."""
    if not (session.config.ack.base_url or session.config.ack.sms_replies):
        return None
    from mrss_tui.workflow.phone_ack import page_extras

    try:
        return page_extras(session.config, session.store.path, session.clock)
    except MrssError as exc:
        logging.getLogger("mrss.pages").warning("pages go without answer links: %s", exc)
        return None



def _record(session: Session, worker: str, item: PageToSend, outcome: Delivery) -> Page:
    store, now, page = session.store, session.now(), item.page
    if outcome.state == SENT:
        store.pages.record_sent(worker, page.id, now)
        return store.pages.get(page.id)
    who = item.name or "the team member"
    with store.atomic():
        if outcome.state == UNKNOWN:
            if store.pages.record_unknown(worker, page.id, now, outcome.reason) \
                    and not _acknowledged(session, page):
                _alert(session, page, AlertKind.PAGE_UNCONFIRMED,
                       f"Page to {who} for {_subject(session, page)}: delivery not confirmed "
                       f"({outcome.reason}). Call {who} to check")
            return store.pages.get(page.id)
        attempts = page.attempts + 1
        paging = session.config.paging
        again = retry_at(attempts, now, paging.retry_base_seconds) \
            if attempts < paging.max_attempts else None
        updated = store.pages.record_failure(worker, page.id, now, outcome.reason, again)
        if updated is not None and again is None:
            _alert(session, page, AlertKind.PAGE_FAILED,
                   f"Page to {who} for {_subject(session, page)} failed after {attempts} "
                   f"attempts: {outcome.reason}. Call {who}")
    return store.pages.get(page.id)


def _alert(session: Session, page: Page, kind: AlertKind, message: str) -> None:
    # A reminder that fails is itself about an alert: warn, so it does not page about itself.
    severity = Severity.WARNING if page.alert_id is not None else Severity.URGENT
    session.store.alerts.raise_once("system", kind=kind, subject_type="page", subject_id=page.id,
                                    due_at=session.now(), severity=severity, message=message)


def _subject(session: Session, page: Page) -> str:
    if page.dispatch_id is None:
        return f"an alert reminder ({page_key(page.id)})"
    return call_ref(session.store.dispatches.get(page.dispatch_id).call_id)


JOBS = [
    Job("pages.send", send_due_pages, every(5),
        description="Send queued pages and reminders, retry failed ones, settle lost sends",
        runs_last=True),
]
