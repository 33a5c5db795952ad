"""Referral directory: fast search keys, indexes for the directory screen, suggestions, referrals.

directory_fts is rebuilt with its rowid equal to a small integer key per service (service_keys),
so a search reads only the full-text index and never the stored text of thousands of rows (a
one-letter prefix matches most of the directory), and with one-letter prefixes indexed too.
The directory repository keeps it in step (it rewrites a service's row on every write and the
whole index after an import), not triggers: the indexed categories come from two joined tables.
"""

import sqlite3

SQL = r"""
CREATE TABLE service_keys (
    key INTEGER PRIMARY KEY,
    service_id TEXT NOT NULL UNIQUE REFERENCES services(id) ON DELETE CASCADE
) STRICT;
CREATE TRIGGER service_keys_ai AFTER INSERT ON services BEGIN
    INSERT OR IGNORE INTO service_keys(service_id) VALUES (new.id);
END;
INSERT INTO service_keys(service_id) SELECT id FROM services ORDER BY rowid;

DROP TABLE directory_fts;
CREATE VIRTUAL TABLE directory_fts USING fts5(
    service_id UNINDEXED, name, organization, description, categories,
    tokenize='unicode61 remove_diacritics 2', prefix='1 2 3'
);

CREATE INDEX services_name ON services(name COLLATE NOCASE, id, minimum_age, maximum_age);
CREATE INDEX service_areas_name_nocase ON service_areas(name COLLATE NOCASE, service_id);
CREATE INDEX referrals_service ON referrals(service_id);
CREATE INDEX referrals_status ON referrals(status, status_at);
CREATE INDEX locations_org ON locations(organization_id);
CREATE INDEX languages_location ON languages(location_id);
"""

# The same statement as store/repos/directory.py REINDEX_ALL (a migration must not change
# when the repository does, so it keeps its own copy).
_REBUILD = """
INSERT INTO directory_fts(rowid, service_id, name, organization, description, categories)
SELECT k.key, s.id, s.name, o.name, s.description,
       coalesce((SELECT group_concat(t.name, ' ') FROM service_taxonomy st
                 JOIN taxonomy_terms t ON t.id = st.taxonomy_term_id WHERE st.service_id = s.id), '')
FROM services s JOIN service_keys k ON k.service_id = s.id
JOIN organizations o ON o.id = s.organization_id
"""


def upgrade(conn: sqlite3.Connection) -> None:
    conn.execute(_REBUILD)
