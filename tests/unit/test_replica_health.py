"""When is the standby replica stale? Boundaries of the pure rule (domain/replica.py)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from mrss_tui.domain.replica import ReplicaHealth

T = datetime(2026, 12, 6, 11, 0, tzinfo=timezone.utc)
MINUTE = timedelta(seconds=60)


def health(newest_write, replicated_until, checked_at, now=T) -> ReplicaHealth:
    return ReplicaHealth(newest_write, replicated_until, checked_at, now, MINUTE)


def test_a_replica_that_has_the_newest_write_is_up_to_date() -> None:
    h = health(T - timedelta(minutes=30), T - timedelta(minutes=30), T - timedelta(seconds=5))
    assert not h.stale and h.summary() == "replica: up to date, last upload 1800 s ago".replace(
        "1800 s", "30 min")


def test_a_write_missing_from_the_replica_is_stale_only_after_stale_after() -> None:
    until = T - timedelta(minutes=10)
    assert not health(T - MINUTE, until, T).stale  # exactly stale_after: not yet
    late = health(T - MINUTE - timedelta(seconds=1), until, T)
    assert late.stale and late.summary() == "replica: STALE, writes from 61 s ago are not on it"


def test_no_report_for_longer_than_stale_after_means_replicate_is_not_running() -> None:
    assert not health(None, None, T - MINUTE).stale
    quiet = health(None, None, T - MINUTE - timedelta(seconds=1))
    assert quiet.stale and "STALE, no report for 61 s" in quiet.summary()
    never = health(None, None, None)
    assert never.stale and "no report yet" in never.summary()
