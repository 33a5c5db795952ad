"""One risk summary everywhere (issue 27).

- ``contacts.risk_others``: the risk-to-others answers given at a re-assessment (JSON, as on
  ``calls.risk_others``), so an answer of "unknown" keeps the re-assessed level a floor
  ("incomplete (at least LEVEL)") on every screen, as the intake's does.
Only a column is added.
"""

SQL = r"""
ALTER TABLE contacts ADD COLUMN risk_others TEXT;
"""
