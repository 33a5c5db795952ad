"""Every seed program, fully (issue 14): what Oklahoma City's CRT and Connecticut's EMPS record.

- ``calls.risk_others`` / ``calls.others_level``: the risk-to-others screen (Brøset Violence
  Checklist plus the dispatcher's questions) beside the C-SSRS, and its level.
- ``calls.transferred_to``: Connecticut's out-of-area triage names the provider it went to.
- ``contacts.second_staff_id``: a contact names both staff who delivered it (paramedic and
  navigator). ``contacts.assessment``: the structured clinical assessment (JSON).
  ``contacts.others_level``: the risk-to-others level re-assessed at the contact.
  ``contacts.outcome``: how a face-to-face response ended (stabilized in place, ...).
- ``le_coresponse``: law enforcement at a call, one row per call so it is counted once.
- ``followups.window_reason``: why a follow-up was kept though it falls after the window.
Only columns and a table are added, so the migration does not depend on v0007-v0010.
"""

SQL = r"""
ALTER TABLE calls ADD COLUMN risk_others TEXT;
ALTER TABLE calls ADD COLUMN others_level TEXT;
ALTER TABLE calls ADD COLUMN transferred_to TEXT NOT NULL DEFAULT '';
ALTER TABLE contacts ADD COLUMN second_staff_id INTEGER REFERENCES staff(id);
ALTER TABLE contacts ADD COLUMN assessment TEXT;
ALTER TABLE contacts ADD COLUMN others_level TEXT;
ALTER TABLE contacts ADD COLUMN outcome TEXT;
ALTER TABLE followups ADD COLUMN window_reason TEXT NOT NULL DEFAULT '';
CREATE TABLE le_coresponse (
    call_id INTEGER PRIMARY KEY REFERENCES calls(id),
    on_scene INTEGER NOT NULL CHECK (on_scene IN (0, 1)),
    cit_trained INTEGER CHECK (cit_trained IN (0, 1)),
    agency TEXT NOT NULL DEFAULT '',
    requested_by TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX contacts_outcome ON contacts(at) WHERE outcome IS NOT NULL;
"""
