"""SSH keys per staff member (issue 6).

The service account's ``authorized_keys`` file is what OpenSSH reads; this table is the record
of which key belongs to whom, who added or revoked it and when, so the file can be rewritten
from it and a deactivated staff member's keys can be found. Where that file and the forced
command's wrapper live is kept in ``app_meta`` (``ssh.authorized_keys``, ``ssh.wrapper``) by the
first ``mrss ssh-key add``, so deactivating someone from the app rewrites the same file.
"""

SQL = r"""
CREATE TABLE ssh_keys (
    id INTEGER PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    key_type TEXT NOT NULL,
    key_data TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    fingerprint TEXT NOT NULL,
    added_at TEXT NOT NULL,
    added_by TEXT NOT NULL,
    revoked_at TEXT,
    revoked_by TEXT
) STRICT;
CREATE INDEX ssh_keys_staff ON ssh_keys(staff_id) WHERE revoked_at IS NULL;
CREATE UNIQUE INDEX ssh_keys_live_key ON ssh_keys(key_data) WHERE revoked_at IS NULL;
"""
