"""Indexes for the weekly county report (issue 5).

Episodes open at a week's end are found in two index ranges: closed after the end (by closing
time, with the opening time in the index so no row is read to test it) and never closed.
"""

SQL = r"""
CREATE INDEX episodes_closed_opened ON episodes(closed_at, opened_at);
CREATE INDEX episodes_unclosed_opened ON episodes(opened_at) WHERE closed_at IS NULL;
"""
