"""A call is recorded once (issue 15).

Every intake carries a random id from the moment it is opened (it travels in the draft). When
the intake becomes a call, the id is written here in the same transaction; the primary key
refuses a second call from the same intake, whichever session (or stale copy of a draft) tries.
"""

SQL = r"""
CREATE TABLE recorded_drafts (
    draft_id TEXT PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls(id),
    recorded_at TEXT NOT NULL
) STRICT;
"""
