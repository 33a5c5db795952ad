"""Indexes that keep the jobs and look-ups flat over ten years (issue 16).

- episodes_open: the open episodes (a few hundred) out of every episode ever. With statistics
  (sqlite_stat1 knows only ~3 phases of ~58k rows each) the planner otherwise judges
  ``phase IN ('crisis', 'stabilization')`` unselective and scans the table. Queries state the
  index's own condition, ``phase <> 'closed'``, so SQLite can use it.
- calls_callback_recent: a caller's latest calls by number, newest first, without a sort;
  it replaces calls_callback (same condition, one column more).
"""

SQL = r"""
CREATE INDEX IF NOT EXISTS episodes_open ON episodes(phase_started_at) WHERE phase <> 'closed';
CREATE INDEX IF NOT EXISTS calls_callback_recent ON calls(callback_number, received_at)
    WHERE callback_number <> '';
DROP INDEX IF EXISTS calls_callback;
"""
