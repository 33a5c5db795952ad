"""Reminders of new urgent alerts to the staff on call, through their paging address.

Only ``mrss worker`` runs this (``headless_only``): with several TUIs open, one sender is
enough, and the reminder must go out even when no one is logged in. The queue lives in the
``pages`` outbox (kind 'alert_reminder'); the unique (alert, staff) index and the claim make
each reminder go out once. The text is the alert's message, which names only references.

This module only queues; the one page sender (``workflow/page_sender.py``) sends reminders with
every other page: the same claim, page id, retries and "delivery not confirmed" rules.
"""

from __future__ import annotations

from datetime import datetime

from mrss_tui.domain.records import Alert
from mrss_tui.workflow.context import SYSTEM, Session
from mrss_tui.workflow.jobs import Job, every


def queue_reminders(session: Session) -> int:
    """Queue a reminder per urgent alert for each person on call in its region (everyone on
    call when the region cannot be told, or nobody holds that region's shift)."""
    session.require_all_episodes("queue alert reminders")
    store, now = session.store, session.now()
    queued, after = 0, None
    while batch := store.alert_reminders.unreminded_urgent(after=after):
        after = (batch[-1].due_at, batch[-1].id)
        queued += sum(_queue_one(session, alert, now) for alert in batch)
    return queued


def _queue_one(session: Session, alert: Alert, now: datetime) -> int:
    store = session.store
    region = store.alert_reminders.region_of(alert)
    on_call = store.shifts.on_call(now, region) if region else []
    on_call = on_call or store.shifts.on_call(now)
    staff_ids = [slot.staff.id for slot in on_call if slot.staff.paging_url]
    if not staff_ids:
        return 0
    return store.alert_reminders.queue(SYSTEM.login, alert.id, staff_ids,
                                       f"mrss alert: {alert.message}")


JOBS = [
    Job("alerts.remind", queue_reminders, every(30),
        "Page on-call staff about new urgent alerts", headless_only=True),
]
