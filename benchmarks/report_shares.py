"""How often each share is actually published: weekly, monthly and quarterly reports of a year of
demo data for each profile (default 5 calls a day, threshold 10).

    python benchmarks/report_shares.py [--days 365] [--calls-per-day 5] [--threshold 10]

Prints, per profile and period length, "published / full periods" for every share. Only full
periods inside the demo data count.
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.domain.report_period import Period, last_full_period
from mrss_tui.reports.compute import compute_report
from mrss_tui.store.db import Store
from mrss_tui.workflow.demo import DemoOptions, generate_demo

PROFILES = ("oregon-mrss", "ct-emps", "okc-crt")
NOW = datetime(2026, 11, 20, 21, 30, tzinfo=timezone.utc)
SHARES = {"response.calls_share": "mobile response", "response.within_target_share": "within target",
          "response.within_target_13w": "within target, 13 weeks",
          "followups.on_time_share": "follow-ups on time",
          "referrals.connected_share": "referrals connected",
          "episodes.home_share": "remained at home", "response.le_share": "law enforcement",
          "response.median": "median time", "response.p90": "90th percentile",
          "care.safety_plan_24h_share": "safety plan 24 h",
          "care.followup_24h_share": "follow-up 24 h",
          "scene.without_ed_share": "stabilized in place",
          "scene.without_arrest_share": "without arrest"}


def periods_inside(kind: str, days: int, config) -> list[Period]:
    last = last_full_period(kind, NOW, config.zone)  # type: ignore[arg-type]
    first_day = NOW.astimezone(config.zone).date().toordinal() - days
    found = []
    period = last
    while period.first_day.toordinal() >= first_day:
        found.append(period)
        period = period.shift(-1)
    return found[::-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--calls-per-day", type=float, default=5.0)
    parser.add_argument("--threshold", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for profile in PROFILES:
            config = build_config({"profile": profile,
                                   "report": {"suppression_threshold": args.threshold}})
            with Store.open(Path(folder) / f"{profile}.db", create=True,
                            clock=FrozenClock(NOW)) as store:
                generate_demo(store, config, DemoOptions(seed=3, days=args.days,
                                                         calls_per_day=args.calls_per_day))
                print(f"{profile} ({args.days} days, {args.calls_per_day:g} calls a day, "
                      f"threshold {args.threshold})")
                for kind in ("week", "month", "quarter"):
                    periods = periods_inside(kind, args.days, config)
                    counts = dict.fromkeys(SHARES, 0)
                    for period in periods:
                        report = compute_report(store, config, period, NOW)
                        for _s, _n, figure in report.rows():
                            if figure.key in counts and figure.value is not None:
                                counts[figure.key] += 1
                    shown = ", ".join(f"{SHARES[k]} {n}/{len(periods)}" for k, n in counts.items()
                                      if kind == "week" or k != "response.within_target_13w")
                    print(f"  {kind:<8} {shown}")


if __name__ == "__main__":
    main()
