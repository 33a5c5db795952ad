"""Indexes for intake look-ups and paging jobs (issue 3).

- dispatches waiting for an acknowledgement (escalation scan every few seconds);
- open episodes of a person (intake shows them as the name or number is typed);
- pages that failed (the board and the dispatch view show them).
"""

SQL = r"""
CREATE INDEX dispatches_unacked ON dispatches(paged_at)
    WHERE status = 'paged' AND escalated_at IS NULL;
CREATE INDEX episodes_person_open ON episodes(person_id, opened_at) WHERE phase <> 'closed';
CREATE INDEX pages_failed ON pages(created_at) WHERE status = 'failed';
"""
