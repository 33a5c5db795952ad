"""Issue 23: the attacker (tests/attacker.py) against a year of weeks, months and quarters of each
profile's demo and of a low-volume line, and against a month published, corrected and re-run."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.domain.report_period import Period
from mrss_tui.reports.compute import compute_report
from mrss_tui.reports.model import figure_texts
from mrss_tui.store.db import Store
from mrss_tui.workflow.demo import DemoOptions, generate_demo
from tests.attacker import Published, attack

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from report_attack import NOW, published_figures, year_of_reports  # noqa: E402


def _published(r: dict) -> Published:
    return Published(r["week"], r["threshold"], r["target_minutes"],
                     {k: tuple(v) for k, v in r["figures"].items()})


@pytest.mark.parametrize(("profile", "calls_per_day"), [
    ("oregon-mrss", 5.0), ("ct-emps", 5.0), ("okc-crt", 5.0), ("oregon-mrss", 3.5),
    ("okc-crt", 3.5)])
def test_a_year_of_weeks_months_and_quarters_gives_nothing_back(
        tmp_path: Path, profile: str, calls_per_day: float) -> None:
    reports, sums = year_of_reports(tmp_path, profile, calls_per_day=calls_per_day)
    assert len(reports) == 52 + 12 + 4
    result = attack([_published(r) for r in reports], old=False, sums=sums)
    assert len(result.hidden) > 1000
    assert result.recovered == [], f"{profile}: {result.recovered[:5]}"
    two = [(key, b) for key, b in result.narrowed if b[1] - b[0] == 1 and b[0] <= 10]
    assert two == [], f"{profile}: {two[:5]}"


def _correct_one_call(store: Store, month: Period, config) -> str:
    """Move one call of the month from the largest caller group to one with none: the total is
    unchanged and a zero becomes a small count (issue 23's 'Medical' from 0 to '1-10')."""
    figures = {f.key: f.shown for _s, _n, f in compute_report(store, config, month, NOW).rows()}
    assert figures["calls.caller.medical"] == "0"
    start, end = (t.isoformat().replace("+00:00", "Z") for t in month.bounds(config.zone))
    call_id = store.conn.execute(
        "SELECT id FROM calls WHERE received_at >= ? AND received_at < ? "
        "AND lower(caller_relation) IN ('mother', 'father', 'parent') LIMIT 1",
        (start, end)).fetchone()[0]
    with store.atomic():
        store.conn.execute("UPDATE calls SET caller_relation = 'ER doctor' WHERE id = ?",
                           (call_id,))
    return str(month)


def test_a_corrected_month_re_run_gives_nothing_back(tmp_path: Path) -> None:
    config = build_config({"profile": "oregon-mrss"})
    with Store.open(tmp_path / "line.db", create=True, clock=FrozenClock(NOW)) as store:
        generate_demo(store, config, DemoOptions(seed=3, days=120, calls_per_day=3.5))
        month = Period.parse("month", "2026-10")
        first = compute_report(store, config, month, NOW)
        label = _correct_one_call(store, month, config)
        again = compute_report(store, config, month, NOW,
                               earlier=figure_texts(first.published_figures()))
    assert {f.key: f.shown for _s, _n, f in again.rows()}["calls.caller.medical"] == "1-10"
    before = Published(label, 10, 60, published_figures(first))
    after = Published(f"{label}+r", 10, 60, {k: v for k, v in published_figures(again).items()
                                             if ":" not in k})
    result = attack([before, after], old=False, revisions={f"{label}+r": label})
    assert result.recovered == [], result.recovered[:5]
