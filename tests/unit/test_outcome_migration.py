"""v0015 moves each episode's on-scene outcomes from its contacts to the episode: the latest
one wins (a later outcome corrected the earlier), so no episode is counted twice."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from mrss_tui.store.db import Store
from mrss_tui.store.migrate import migrate


def _insert(conn: sqlite3.Connection, table: str, **values) -> int:
    """A row with every NOT NULL column without a default filled in (only what the test needs
    is given)."""
    filler = {"INTEGER": 1, "TEXT": "2026-11-20T10:00:00Z", "REAL": 0.0}
    for _cid, name, kind, notnull, default, pk in conn.execute(f"PRAGMA table_info({table})"):
        if notnull and default is None and not pk and name not in values:
            values[name] = filler.get(kind, "x")
    cols = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    return conn.execute(f"INSERT INTO {table}({cols}) VALUES ({marks})",
                        tuple(values.values())).lastrowid


def test_the_latest_contact_outcome_becomes_the_episodes(tmp_path: Path, clock) -> None:
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    migrate(conn, path, target=13)
    conn.execute("PRAGMA foreign_keys = OFF")
    call = _insert(conn, "calls", line="988", triage="mobile_dispatch")
    twice = _insert(conn, "episodes", call_id=call, phase="crisis")
    never = _insert(conn, "episodes", call_id=call, phase="crisis")
    _insert(conn, "contacts", episode_id=twice, at="2026-11-20T10:00:00Z", mode="face_to_face",
            outcome="stabilized_in_place", services="[]")
    later = _insert(conn, "contacts", episode_id=twice, at="2026-11-20T11:00:00Z",
                    mode="face_to_face", outcome="voluntary_transport", services="[]")
    _insert(conn, "contacts", episode_id=never, at="2026-11-20T11:00:00Z", mode="phone",
            services="[]")
    conn.commit()
    conn.close()
    with Store.open(path, clock=clock) as store:
        moved = store.episodes.get(twice)
        assert (moved.scene_outcome, moved.scene_outcome_contact_id) == ("voluntary_transport",
                                                                        later)
        assert store.episodes.get(never).scene_outcome is None
        columns = [r[1] for r in store.all("PRAGMA table_info(contacts)")]
        assert "outcome" not in columns
