"""Issue 23 (speed): a quarter's tallies are its months' added up, each month counted once; they
must equal the quarter counted on its own, and so must a year's from its quarters."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.domain.report_period import Period, sub_periods
from mrss_tui.domain.report_tallies import WeekTallies, added_up
from mrss_tui.store.db import Store
from mrss_tui.workflow.demo import DemoOptions, generate_demo

NOW = datetime(2026, 11, 20, 21, 30, tzinfo=timezone.utc)


def counted(store: Store, period: Period, zone) -> WeekTallies:
    bounds = period.bounds(zone)
    return store.report_counts.week(*bounds).model_copy(
        update={"scene": store.scene_counts.week(*bounds)})


def comparable(t: WeekTallies) -> dict:
    data = t.model_dump()
    data["episodes"]["stabilization_days"] = sorted(data["episodes"]["stabilization_days"])
    for phase, days in data["episodes"]["open_days_by_phase"].items():
        data["episodes"]["open_days_by_phase"][phase] = round(days, 9)
    data["episodes"]["period_days"] = round(data["episodes"]["period_days"], 9)
    return data


@pytest.mark.parametrize("label", ["2026-Q2", "2026-Q3", "2025"])
def test_a_period_is_its_parts_added_up(tmp_path: Path, label: str) -> None:
    config = build_config({"profile": "okc-crt"})
    kind = "year" if "Q" not in label else "quarter"
    period = Period.parse(kind, label)  # type: ignore[arg-type]
    with Store.open(tmp_path / "demo.db", create=True, clock=FrozenClock(NOW)) as store:
        generate_demo(store, config, DemoOptions(seed=3, days=700, calls_per_day=3))
        direct = counted(store, period, config.zone)
        persons, open_episodes = store.report_counts.not_additive(*period.bounds(config.zone))
        summed = added_up([counted(store, part, config.zone) for part in sub_periods(period)],
                          persons=persons, open_episodes=open_episodes)
    assert direct.calls.total > 200 and direct.episodes.closed > 50
    assert comparable(summed) == comparable(direct)
