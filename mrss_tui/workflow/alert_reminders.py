"""Reminders of new urgent alerts to the staff on call, through their paging address.

Only ``mrss worker`` runs this (``headless_only``): with several TUIs open, one sender is
enough, and the reminder must go out even when no one is logged in. The queue lives in the
``pages`` outbox (kind 'alert_reminder'); the unique (alert, staff) index and the claim make
each reminder go out once. The text is the alert's message, which names only references.

This sender is deliberately small; the general page sender (paging/) may take it over.
"""

from __future__ import annotations

import os
from datetime import timedelta

from mrss_tui.workflow.context import SYSTEM, Session
from mrss_tui.workflow.jobs import Job, every

CLAIM_LEASE = timedelta(minutes=2)


def queue_reminders(session: Session) -> int:
    """Queue a reminder per urgent alert for each person on call in its region (everyone on
    call when the region cannot be told, or nobody holds that region's shift)."""
    session.require_all_episodes("queue alert reminders")
    store, now = session.store, session.now()
    queued = 0
    for alert in store.alert_reminders.unreminded_urgent():
        region = store.alert_reminders.region_of(alert)
        on_call = store.shifts.on_call(now, region) if region else []
        on_call = on_call or store.shifts.on_call(now)
        staff_ids = [slot.staff.id for slot in on_call if slot.staff.paging_url]
        if staff_ids:
            queued += store.alert_reminders.queue(SYSTEM.login, alert.id, staff_ids,
                                                  f"mrss alert: {alert.message}")
    return queued


def send_reminders(session: Session) -> int:
    """Send what is queued and due; a failure is retried with doubling delays, then given up."""
    session.require_all_episodes("send alert reminders")
    import apprise

    store, paging = session.store, session.config.paging
    worker = f"worker-{os.getpid()}"
    sent = 0
    for reminder in store.alert_reminders.claim(worker, session.now(), CLAIM_LEASE):
        notifier = apprise.Apprise()
        if not notifier.add(reminder.paging_url):
            store.alert_reminders.failed(SYSTEM.login, reminder.id, "paging address not usable",
                                         None)
            continue
        if notifier.notify(title="mrss alert", body=reminder.body):
            store.alert_reminders.sent(SYSTEM.login, reminder.id, session.now())
            sent += 1
            continue
        attempt = reminder.attempts + 1
        retry = None
        if attempt < paging.max_attempts:
            retry = session.now() + timedelta(seconds=paging.retry_base_seconds * 2 ** (attempt - 1))
        store.alert_reminders.failed(SYSTEM.login, reminder.id, "send failed", retry)
    return sent


def remind_on_call(session: Session) -> int:
    session.require_all_episodes("send alert reminders")
    queue_reminders(session)
    return send_reminders(session)


JOBS = [
    Job("alerts.remind", remind_on_call, every(30),
        "Page on-call staff about new urgent alerts", headless_only=True),
]
