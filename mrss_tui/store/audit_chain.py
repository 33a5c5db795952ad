"""The audit log is tamper-evident: each row carries a keyed hash (HMAC) of itself and of the
row before it, with a key kept outside the database (store/audit_files.py).

Triggers refuse UPDATE, DELETE and INSERT OR REPLACE of an existing row; the chain shows what
the triggers cannot stop (someone who drops them, or edits the file): a changed row no longer
matches its hash, and without the key it cannot be re-signed; a removed row leaves a gap in the
ids; removed newest rows fall short of the head recorded outside; the people a row revealed
(audit_people) must be the ones its signed detail names. ``mrss check`` walks all of it
(``chain_problems``).

Rows written before the chain was keyed keep their unkeyed SHA-256 (``link_all`` made them);
the first keyed row signs the last of them as its ``prev_hash``, so they cannot be re-hashed
either without breaking that link.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from mrss_tui.domain.audit_detail import safe_detail
from mrss_tui.store.audit_files import AuditKey

FIELDS = ("id", "at", "actor", "action", "entity", "entity_id", "person_id", "detail")
# The append-only triggers `mrss check` expects (a dropped one is a finding).
TRIGGERS = {"audit_no_update": "audit", "audit_no_delete": "audit", "audit_no_replace": "audit",
            "audit_people_no_update": "audit_people", "audit_people_no_delete": "audit_people"}
KEYED_FROM_META = "audit_keyed_from"


def row_hash(prev_hash: str, values: Iterable[object], key: bytes | None = None) -> str:
    # Imported on first use: the start writes no audit row before its first frame, and hashlib
    # loads OpenSSL (with hmac, ~2.5 ms of the start).
    import hashlib
    import hmac

    payload = json.dumps([prev_hash, *values], ensure_ascii=False, separators=(",", ":"))
    if key is None:  # rows from before the chain was keyed
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()
    return hmac.new(key, payload.encode("utf-8"), hashlib.sha256).hexdigest()


def row_detail(conn: sqlite3.Connection, entity: str, entity_id: object, person_id: int | None,
               before: dict[str, Any] | None, after: dict[str, Any] | None,
               extra: dict[str, Any]) -> tuple[int | None, str]:
    """(person, detail JSON) of a row: a row about an episode names the episode's person, so
    accounting finds it; the detail keeps ids, field names and codes, never the words
    (domain/audit_detail.py)."""
    detail: dict[str, Any] = dict(extra)
    if before is not None:
        detail["before"] = before
    if after is not None:
        detail["after"] = after
    if person_id is None:
        episode_id = (extra.get("episode_id") or (after or {}).get("episode_id")
                      or (entity_id if entity == "episode" else None))
        if episode_id not in (None, ""):
            row = conn.execute("SELECT person_id FROM episodes WHERE id = ?",
                               (episode_id,)).fetchone()
            person_id = row[0] if row else None
    return person_id, json.dumps(safe_detail(detail), default=str, sort_keys=True)


def next_id(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT coalesce(max(id), 0) + 1 FROM audit").fetchone()[0])


def append(conn: sqlite3.Connection, key: AuditKey, *, at: str, actor: str, action: str,
           entity: str, entity_id: str, person_id: int | None, detail: str) -> tuple[int, str]:
    """Insert one row signed and linked to the last; returns (id, hash). Call inside the write
    transaction (which serialises writers, so two processes never link to the same row)."""
    last = conn.execute("SELECT id, row_hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    row_id, prev = (last[0] + 1, last[1]) if last else (1, "")
    digest = row_hash(prev, (row_id, at, actor, action, entity, entity_id, person_id, detail),
                      key.secret)
    conn.execute(
        "INSERT INTO audit(id, at, actor, action, entity, entity_id, person_id, detail, "
        "prev_hash, row_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (row_id, at, actor, action, entity, entity_id, person_id, detail, prev, digest))
    conn.execute("INSERT OR IGNORE INTO app_meta(key, value) VALUES (?, ?)",
                 (KEYED_FROM_META, str(key.keyed_from)))
    return row_id, digest


def append_many(conn: sqlite3.Connection, key: AuditKey,
                rows: Iterable[dict[str, object]]) -> tuple[int, str] | None:
    """Insert many rows (keys as ``append``'s, plus ``person_ids`` for audit_people), each
    signed and linked to the one before, in one pass: a history of generated access for
    benchmark databases. Call inside the write transaction. Returns the last (id, hash)."""
    last = conn.execute("SELECT id, row_hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    row_id, prev = (last[0], last[1]) if last else (0, "")
    audit_rows: list[tuple[object, ...]] = []
    people: list[tuple[object, int]] = []
    for row in rows:
        row_id += 1
        values = (row_id, row["at"], row["actor"], row["action"], row["entity"],
                  str(row["entity_id"]), row["person_id"], row["detail"])
        digest = row_hash(prev, values, key.secret)
        audit_rows.append((*values, prev, digest))
        people.extend((person, row_id) for person in row.get("person_ids") or ())  # type: ignore[union-attr]
        prev = digest
    conn.executemany(
        "INSERT INTO audit(id, at, actor, action, entity, entity_id, person_id, detail, "
        "prev_hash, row_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", audit_rows)
    conn.executemany("INSERT INTO audit_people(person_id, audit_id) VALUES (?, ?)", people)
    if audit_rows:
        conn.execute("INSERT OR IGNORE INTO app_meta(key, value) VALUES (?, ?)",
                     (KEYED_FROM_META, str(key.keyed_from)))
    return (row_id, prev) if audit_rows else None


def link_all(conn: sqlite3.Connection) -> int:
    """Give every row its unkeyed hashes, in id order (the v0009 migration that started the
    chain, before it had a key)."""
    prev, count = "", 0
    rows = conn.execute(f"SELECT {', '.join(FIELDS)} FROM audit ORDER BY id").fetchall()
    for row in rows:
        digest = row_hash(prev, tuple(row))
        conn.execute("UPDATE audit SET prev_hash = ?, row_hash = ? WHERE id = ?",
                     (prev, digest, row[0]))
        prev, count = digest, count + 1
    return count
