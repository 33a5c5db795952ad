"""Indexes for the weekly county report (issue 5).

- episodes_closed_opened: episodes open at a week's end, in two ranges of one covering index
  (closed after the end; never closed, as closed_at IS NULL sorts first).
- episodes_length: the longest episode ever, in O(log n), which bounds the first range so an
  old week does not read every episode closed since.
- dispatches_call_arrival: per call, its teams' cancellation and arrival without reading rows.
"""

SQL = r"""
CREATE INDEX episodes_closed_opened ON episodes(closed_at, opened_at);
CREATE INDEX episodes_length ON episodes((julianday(closed_at) - julianday(opened_at)));
CREATE INDEX dispatches_call_arrival ON dispatches(call_id, cancelled_at, arrived_at);
"""
