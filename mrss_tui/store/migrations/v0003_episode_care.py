"""Episode care: cancelled follow-ups and alert reminders.

- ``followups.cancelled_at``: closing an episode cancels the follow-ups still open, so they stop
  counting as overdue (a reopened episode gets fresh ones from the rules). The overdue scan reads
  the partial index ``followups_pending``, which holds only follow-ups still to do.
- ``pages.alert_id``: a page that reminds on-call staff of an urgent alert names the alert; the
  unique index makes "one reminder per alert and person" hold across processes.
"""

SQL = r"""
ALTER TABLE followups ADD COLUMN cancelled_at TEXT;
CREATE INDEX followups_pending ON followups(due_at) WHERE done_at IS NULL AND cancelled_at IS NULL;
ALTER TABLE pages ADD COLUMN alert_id INTEGER REFERENCES alerts(id);
CREATE UNIQUE INDEX pages_alert_staff ON pages(alert_id, staff_id) WHERE alert_id IS NOT NULL;
CREATE INDEX pages_alert_queued ON pages(created_at) WHERE status = 'queued' AND kind = 'alert_reminder';
CREATE INDEX alerts_subject ON alerts(subject_type, subject_id);
CREATE INDEX contacts_staff ON contacts(staff_id, at);
"""
