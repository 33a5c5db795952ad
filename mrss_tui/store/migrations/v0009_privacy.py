"""Tamper-evident audit: a hash chain over every row, and no INSERT OR REPLACE over a row;
audit_people, the people each row revealed (accounting of disclosures); and each staff
member's own idle-unlock secret.

REPLACE deletes the old row without firing the DELETE trigger (recursive triggers are off), so
a BEFORE INSERT trigger refuses any insert whose id is taken. Existing rows are linked in id
order; the UPDATE trigger is lifted only for that, inside this migration's transaction.
"""

import sqlite3

SQL = r"""
ALTER TABLE audit ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit ADD COLUMN row_hash TEXT NOT NULL DEFAULT '';
-- Accounting of access: the people one audit row revealed (a search hit list, a print),
-- so "who saw this person" is one indexed read. Append-only like the audit itself.
CREATE TABLE audit_people (
    person_id INTEGER NOT NULL,
    audit_id INTEGER NOT NULL REFERENCES audit(id),
    PRIMARY KEY (person_id, audit_id)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER audit_people_no_update BEFORE UPDATE ON audit_people
BEGIN
    SELECT RAISE(ABORT, 'audit rows are append-only and cannot be changed');
END;
CREATE TRIGGER audit_people_no_delete BEFORE DELETE ON audit_people
BEGIN
    SELECT RAISE(ABORT, 'audit rows are append-only and cannot be deleted');
END;
-- The idle-lock PIN or passphrase each person sets for themselves (scrypt hash, or '').
ALTER TABLE staff ADD COLUMN unlock_secret TEXT NOT NULL DEFAULT '';
CREATE TRIGGER audit_no_replace BEFORE INSERT ON audit
WHEN EXISTS (SELECT 1 FROM audit WHERE id = NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'audit rows are append-only and cannot be replaced');
END;
"""


def upgrade(conn: sqlite3.Connection) -> None:
    from mrss_tui.store.audit_chain import link_all

    conn.execute("DROP TRIGGER audit_no_update")
    link_all(conn)
    conn.execute("CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN "
                 "SELECT RAISE(ABORT, 'audit rows are append-only and cannot be changed'); END")
