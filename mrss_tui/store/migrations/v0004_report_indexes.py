"""Indexes for the weekly county report (issue 5).

Episodes open at a week's end are found in two ranges of one covering index: closed after the
end, and never closed (closed_at IS NULL sorts first), each with the opening time in the index
so no table row is read to test it. The report's other queries use v0001's time indexes.
"""

SQL = r"""
CREATE INDEX episodes_closed_opened ON episodes(closed_at, opened_at);
"""
