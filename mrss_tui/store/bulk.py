"""Bulk loading for generated data (demo and benchmark databases).

Rows go in with executemany in one transaction per batch; each batch appends one audit row
naming what was loaded, so even generated data is accounted for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from mrss_tui.store.db import Store


def insert_rows(store: Store, table: str, rows: list[Mapping[str, Any]]) -> None:
    if not rows:
        return
    columns = list(rows[0])
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    store.conn.executemany(sql, ([row[c] for c in columns] for row in rows))


def load_batch(store: Store, actor: str, tables: Iterable[tuple[str, list[Mapping[str, Any]]]],
               *, label: str) -> dict[str, int]:
    """Insert several tables' rows atomically, in the order given (parents first)."""
    counts: dict[str, int] = {}
    with store.atomic():
        for table, rows in tables:
            insert_rows(store, table, rows)
            counts[table] = counts.get(table, 0) + len(rows)
        store.audit(actor, "bulk.load", "database", "", label=label, rows=counts)
    return counts
