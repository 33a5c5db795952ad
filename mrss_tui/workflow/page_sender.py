"""The one sender on the pages outbox: dispatch pages, escalations and alert reminders.

Each page goes out at most once as far as we can tell:
- it carries its stable id (``page_key``) in its text and, for json:// receivers, in the
  ``X-Mrss-Page-Id`` header, so a receiver can drop a repeat;
- a send whose outcome is unknown (the request went out, no answer came) is recorded as
  *unknown* and never re-sent by itself; its alert says "delivery not confirmed";
- a claim that outlived a dead sender is settled without a send when the member has already
  acknowledged; otherwise it is re-sent (and counted in ``pages.resends``) only where the
  receiver can de-duplicate by id, and marked *unknown* where it cannot;
- retries stop once the dispatch is acknowledged, en route, arrived, cleared or cancelled.
"""

from __future__ import annotations

import logging
import os
import re
import socket
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from datetime import timedelta

from mrss_tui.domain.enums import AlertKind, DispatchStatus, Severity
from mrss_tui.domain.models import Page, call_ref
from mrss_tui.domain.paging import PageToSend, page_key, retry_at, with_page_key
from mrss_tui.errors import MrssError
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.jobs import Job, every
from mrss_tui.workflow.permissions import Action

SENT, FAILED, UNKNOWN = "sent", "failed", "unknown"
ID_HEADER = "X-Mrss-Page-Id"


@dataclass(frozen=True)
class Delivery:
    state: str  # SENT, FAILED (safe to try again) or UNKNOWN (it may have arrived)
    reason: str = ""


# (url, title, body, timeout seconds) -> a Delivery; "" means sent, other text failed.
Sender = Callable[[str, str, str, int], "Delivery | str"]


# -- the transport ------------------------------------------------------------------------------


def idempotent_url(url: str) -> bool:
    """Receivers that get the page id in a header and so can drop a repeat."""
    return url.split("://", 1)[0].lower() in ("json", "jsons")


def url_with_page_id(url: str, page_id: int) -> str:
    """Add the page id header (apprise's ``+Header=value`` URL syntax) where supported."""
    if not idempotent_url(url):
        return url
    return f"{url}{'&' if '?' in url else '?'}+{ID_HEADER}={page_key(page_id)}"


# What requests/urllib3 say when the request was (or may have been) sent but no answer came.
_NO_ANSWER = re.compile(r"read timed out|connection aborted|remotedisconnected|connection reset|"
                        r"broken pipe", re.IGNORECASE)


def send_with_apprise(url: str, title: str, body: str, timeout: int) -> Delivery:
    """Send one page through its own apprise plugin object with a private logger, so what it
    says about a failure is kept per page and tells "refused" from "no answer"."""
    import apprise

    plugin = apprise.Apprise.instantiate(url)
    if plugin is None:
        return Delivery(FAILED, "the paging address is not a valid apprise URL")
    for attribute in ("socket_connect_timeout", "socket_read_timeout"):
        if hasattr(plugin, attribute):  # network plugins: bound each attempt
            setattr(plugin, attribute, float(timeout))
    log = _PluginLog()
    plugin.logger = log.logger
    if plugin.notify(title=title, body=body):
        return Delivery(SENT)
    if _NO_ANSWER.search(log.detail):
        return Delivery(UNKNOWN, f"no answer within {timeout} s after sending")
    return Delivery(FAILED, f"not accepted: {log.reason}" if log.reason
                    else "the receiver did not accept the page")


class _PluginLog(logging.Handler):
    """A logger of its own for one plugin object: keeps the last warning and every detail."""

    _ADDRESS = re.compile(r"\S+://\S+")

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.reason = ""
        self.detail = ""
        self.logger = logging.Logger("mrss.page", logging.DEBUG)  # not registered: private
        self.logger.propagate = False
        self.logger.addHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        # Never keep an address: it may carry a paging credential.
        text = self._ADDRESS.sub("<address>", record.getMessage())
        if record.levelno >= logging.WARNING:
            self.reason = text[:120]
        self.detail += text + "\n"


def _as_delivery(outcome: "Delivery | str") -> Delivery:
    if isinstance(outcome, Delivery):
        return outcome
    return Delivery(SENT) if not outcome else Delivery(FAILED, outcome)


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


# -- the job ------------------------------------------------------------------------------------


def send_due_pages(session: Session, *, sender: Sender = send_with_apprise,
                   worker: str | None = None) -> list[Page]:
    """Settle lost claims, claim every due page and send them concurrently.

    Returns the pages sent or settled in this run, as they ended up.
    """
    session.require(Action.PAGE_TEAM)
    store, paging, now = session.store, session.config.paging, session.now()
    worker = worker or worker_id()
    # The lease outlasts one send attempt, so a slow send is never taken over while it runs.
    lease = timedelta(seconds=paging.send_timeout_seconds * 2 + 5)
    store.pages.stop_retries("system", now)
    settled: list[Page] = []
    to_send: list[PageToSend] = []
    for item in store.pages.take_lost(worker, now, lease=lease):
        if _acknowledged(session, item.page):
            store.pages.record_sent(worker, item.page.id, now)
            settled.append(store.pages.get(item.page.id))
        elif idempotent_url(item.url):
            store.pages.count_resend(worker, item.page.id)
            to_send.append(item)
        else:
            settled.append(_record(session, worker, item, Delivery(
                UNKNOWN, "the sender stopped during the send")))
    to_send += store.pages.claim_due(worker, now, lease=lease)
    if not to_send:
        return settled
    outcomes = _send_all(to_send, sender, paging.send_timeout_seconds, _phone_extras(session))
    return settled + [_record(session, worker, item, outcome)
                      for item, outcome in zip(to_send, outcomes)]


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


def _send_all(due: list[PageToSend], sender: Sender, timeout: int,
              extras=None) -> list[Delivery]:
    pool = ThreadPoolExecutor(max_workers=min(8, len(due)), thread_name_prefix="page")
    try:
        futures = [pool.submit(_safe_send, sender, item, timeout, extras) for item in due]
        outcomes = []
        for future in futures:
            try:
                outcomes.append(future.result(timeout=timeout + 1))
            except FutureTimeout:  # the request may be out: do not send it again blindly
                outcomes.append(Delivery(UNKNOWN, f"no answer within {timeout} s"))
        return outcomes
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _safe_send(sender: Sender, item: PageToSend, timeout: int, extras=None) -> Delivery:
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
    try:
        return _as_delivery(sender(url, item.title, body, timeout))
    except Exception as exc:  # noqa: BLE001 - a transport crash: we cannot tell if it went out
        return Delivery(UNKNOWN, f"send crashed ({type(exc).__name__})")


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
