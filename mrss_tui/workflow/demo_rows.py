"""The demo generator's row buffer and id counters (rows are bulk-loaded a month at a time)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEMO_ACTOR = "demo"  # who the demo's rows say wrote them


@dataclass
class _Rows:
    """Rows waiting for the next batch, in insert order (parents before children)."""

    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.tables.setdefault(table, []).append(row)

    def take(self) -> list[tuple[str, list[dict[str, Any]]]]:
        order = ["staff", "shifts", "persons", "calls", "episodes", "episode_phases",
                 "episode_team", "dispatches", "dispatch_members", "le_coresponse", "contacts",
                 "followups",
                 "safety_plans", "organizations", "services", "locations", "addresses",
                 "service_at_location", "phones", "schedules", "taxonomy_terms",
                 "service_taxonomy", "service_areas", "languages", "directory_fts", "referrals",
                 "referral_events", "alerts"]
        batch = [(t, self.tables[t]) for t in order if self.tables.get(t)]
        self.tables = {}
        return batch


class _Ids:
    def __init__(self) -> None:
        self._next: dict[str, int] = {}

    def __call__(self, table: str) -> int:
        value = self._next.get(table, 0) + 1
        self._next[table] = value
        return value
