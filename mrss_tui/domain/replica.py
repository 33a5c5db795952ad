"""Is the standby replica keeping up? Pure: the times come in as arguments.

A write is on the replica when Litestream has uploaded a transaction at or after it. Replication
is stale when a write older than ``stale_after`` is not on the replica, or when nothing has
reported the replica's position for that long (``mrss replicate`` is not running).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class ReplicaHealth:
    newest_write: datetime | None
    replicated_until: datetime | None
    checked_at: datetime | None
    now: datetime
    stale_after: timedelta

    @property
    def unreplicated_since(self) -> datetime | None:
        """The newest write when the replica does not have it yet."""
        if self.newest_write is None:
            return None
        if self.replicated_until is not None and self.newest_write <= self.replicated_until:
            return None
        return self.newest_write

    @property
    def reporting(self) -> bool:
        return self.checked_at is not None and self.now - self.checked_at <= self.stale_after

    @property
    def stale(self) -> bool:
        behind = self.unreplicated_since
        return not self.reporting or (behind is not None and self.now - behind > self.stale_after)

    def summary(self) -> str:
        """One line for `mrss check` and the supervisors' board (times as ages, no data)."""
        if self.checked_at is None:
            return "replica: no report yet; is mrss replicate running?"
        if not self.reporting:
            return (f"replica: STALE, no report for {age(self.now - self.checked_at)}; "
                    "is mrss replicate running?")
        behind = self.unreplicated_since
        if behind is not None and self.stale:
            return f"replica: STALE, writes from {age(self.now - behind)} ago are not on it"
        if behind is not None:
            return f"replica: catching up, a write from {age(self.now - behind)} ago is not on it yet"
        if self.replicated_until is None:
            return "replica: up to date (nothing written yet)"
        return f"replica: up to date, last upload {age(self.now - self.replicated_until)} ago"


def age(span: timedelta) -> str:
    seconds = max(0, int(span.total_seconds()))
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h"
