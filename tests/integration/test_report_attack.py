"""The attacker (tests/attacker.py) against every weekly report of three small demo databases,
and against hand-made reports that show it does find each route of issue 13."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.attacker import Published, attack

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from report_attack import dump_reports  # noqa: E402


def published(week: str, figures: dict[str, str], *, threshold: int = 10,
              reasons: dict[str, str] | None = None, kinds: dict[str, str] | None = None,
              ) -> Published:
    reasons, kinds = reasons or {}, kinds or {}
    return Published(week, threshold, 60, {
        k: (v, reasons.get(k, "small" if v.startswith("1-") else ""), kinds.get(k, "count"))
        for k, v in figures.items()})


@pytest.mark.parametrize("threshold", [10, 5])
def test_no_hidden_cell_of_any_weekly_report_can_be_worked_out(tmp_path: Path,
                                                               threshold: int) -> None:
    reports = dump_reports(tmp_path, threshold, days=120)
    for profile, weeks in reports.items():
        result = attack([Published(r["week"], r["threshold"], r["target_minutes"],
                                   {k: tuple(v) for k, v in r["figures"].items()})
                         for r in weeks], old=False)
        assert len(weeks) == 17 and len(result.hidden) > 100
        assert result.recovered == [], f"{profile}: {result.recovered[:5]}"
        # Nor narrowed below the design's floor of three possible values.
        two = [(key, b) for key, b in result.narrowed
               if b[1] - b[0] == 1 and b[0] <= threshold]
        assert two == [], f"{profile}: {two[:5]}"


def test_no_hidden_cell_of_any_monthly_report_can_be_worked_out(tmp_path: Path) -> None:
    reports = dump_reports(tmp_path, 10, days=372, kind="month")
    for profile, months in reports.items():
        result = attack([Published(r["week"], r["threshold"], r["target_minutes"],
                                   {k: tuple(v) for k, v in r["figures"].items()})
                         for r in months], old=False)
        assert len(months) == 12 and any(key.startswith("response.county.")
                                         for _w, key in result.bounds)
        assert result.recovered == [], f"{profile}: {result.recovered[:5]}"


def test_all_ones_are_found() -> None:
    # 13 referrals: 11 counselling shown, two rows "1-10": they must be 1 and 1.
    report = published("2026-W44", {"referrals.made": "13", "referrals.category.a": "11",
                                    "referrals.category.b": "1-10", "referrals.category.c": "1-10"})
    found = dict(attack([report], old=True).recovered)
    assert found[("2026-W44", "referrals.category.b")] == 1


def test_a_difference_between_two_figures_is_found() -> None:
    # 30 closed, 27 after stabilization: 3 closed without it, although never printed.
    report = published("2026-W44", {"episodes.closed_total": "30", "episodes.stabilized": "27"})
    found = dict(attack([report], old=False).recovered)
    assert found[("2026-W44", "~episodes.stabilized-of-episodes.closed_total")] == 3


def test_neighbouring_weeks_give_back_a_hidden_closed() -> None:
    last = published("2026-W43", {"episodes.active": "50"})
    this = published("2026-W44", {"episodes.active": "55", "episodes.opened": "12",
                                  "episodes.closed_total": "1-10"})
    found = dict(attack([last, this], old=True).recovered)
    assert found[("2026-W44", "episodes.closed_total")] == 50 + 12 - 55


def test_a_percentile_over_few_arrivals_tells_how_many_were_late() -> None:
    # 12 arrivals, 90th percentile (rank 11) 70 min over a 60-minute target: at most 10
    # within; the median 50 min: at least 6 within.
    report = published("2026-W44", {"response.arrivals": "12", "response.within_target": "1-10",
                                    "response.p90": "70 min", "response.median": "50 min"},
                       kinds={"response.p90": "minutes", "response.median": "minutes"})
    bounds = attack([report], old=False).bounds[("2026-W44", "response.within_target")]
    assert bounds == (6, 10)


def test_a_cell_labelled_suppressed_is_known_only_to_be_above_the_threshold() -> None:
    report = published("2026-W44", {"episodes.closed_total": "30",
                                    "episodes.closed.home": "suppressed",
                                    "episodes.closed.ed": "1-10", "episodes.closed.other": "0"},
                       reasons={"episodes.closed.home": "protects"})
    result = attack([report], old=False)
    assert result.recovered == []
    assert result.bounds[("2026-W44", "episodes.closed.ed")] == (1, 10)
    assert result.bounds[("2026-W44", "episodes.closed.home")] == (20, 29)


def test_months_and_their_quarters_together_give_nothing_back(tmp_path: Path) -> None:
    """A quarter is the sum of its months: with both published, the quarter's cell minus two
    shown months would give back a hidden third, unless the quarter hides it too."""
    from mrss_tui.clock import FrozenClock
    from mrss_tui.config import build_config
    from mrss_tui.domain.report_period import Period, last_full_period
    from mrss_tui.reports.compute import compute_report
    from mrss_tui.store.db import Store
    from mrss_tui.workflow.demo import DemoOptions, generate_demo
    from report_attack import NOW, published_figures

    for profile in ("oregon-mrss", "ct-emps", "okc-crt"):
        config = build_config({"profile": profile})
        reports, sums = [], {}
        with Store.open(tmp_path / f"{profile}.db", create=True, clock=FrozenClock(NOW)) as store:
            generate_demo(store, config, DemoOptions(seed=3, days=372))
            last = last_full_period("quarter", NOW, config.zone)
            for quarter in (last.shift(-2), last.shift(-1), last):
                months = [Period("month", quarter.first_day).shift(i) for i in range(3)]
                for period in (quarter, *months):
                    r = compute_report(store, config, period, NOW)
                    reports.append(Published(r.week, r.threshold, r.target_minutes,
                                             published_figures(r)))
                sums[str(quarter)] = [str(m) for m in months]
        assert attack(reports, old=False).recovered == []
        both = attack(reports, old=False, sums=sums)
        assert both.recovered == [], f"{profile}: {both.recovered[:5]}"
