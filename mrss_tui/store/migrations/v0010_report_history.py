"""Indexes for report figures computed from event history (issue 13).

- episode_phases_closed: closings in a period from the phase history, so reopening an episode
  later does not rewrite a past period's "episodes closed".
- referral_events_made: referrals made in a period (the first status beyond "suggested").
- episodes_face_to_face: episodes whose face-to-face response fell in a period (safety plan
  and first follow-up within 24 hours).
- report_figures: what each written report first published (aggregates only, as printed), so a
  later run of the same period that differs says which figures were revised.
Touches no other issue's tables: safe after any other branch's migrations, or without them.
"""

SQL = r"""
CREATE INDEX IF NOT EXISTS episode_phases_closed ON episode_phases(started_at)
    WHERE phase = 'closed';
CREATE INDEX IF NOT EXISTS referral_events_made ON referral_events(at)
    WHERE status <> 'suggested';
CREATE TABLE IF NOT EXISTS report_figures (
    period TEXT NOT NULL,
    key TEXT NOT NULL,
    shown TEXT NOT NULL,
    published_at TEXT NOT NULL,
    PRIMARY KEY (period, key)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS episodes_face_to_face ON episodes(face_to_face_at)
    WHERE face_to_face_at IS NOT NULL;
"""
