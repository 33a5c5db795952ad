"""Answers to pages that came from a phone (a signed link, or an SMS reply), issue 25.

One row per answer that was acted on. ``reply_key`` is the link's single-use nonce (or
``sms:<message id>``): the UNIQUE constraint is what makes a link single-use, atomically, however
many processes serve it. The status change itself is in ``dispatches``; this row says how it
came (the channel) and, for "en route" by SMS, the member's estimate.
"""

SQL = r"""
CREATE TABLE phone_replies (
    id INTEGER PRIMARY KEY,
    reply_key TEXT NOT NULL UNIQUE,
    channel TEXT NOT NULL CHECK (channel IN ('link', 'sms')),
    page_id INTEGER NOT NULL REFERENCES pages(id),
    dispatch_id INTEGER NOT NULL REFERENCES dispatches(id),
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    action TEXT NOT NULL CHECK (action IN ('ack', 'enroute', 'arrived')),
    eta_minutes INTEGER,
    at TEXT NOT NULL
);
CREATE INDEX phone_replies_dispatch ON phone_replies(dispatch_id, id);
"""
