"""Play the attacker on every weekly report of small demo databases (one per profile).

    python benchmarks/report_attack.py dump OUT.json [--threshold 10]   # reports as printed
    python benchmarks/report_attack.py attack OUT.json [--old]          # what can be worked out

``dump`` uses whichever ``mrss_tui`` is first on the path, so the reports of an older tree can be
dumped (PYTHONPATH=/path/to/old) and attacked with this tree's attacker (tests/attacker.py).
``--old``: the reports label every hidden cell "1-N", so the attacker only trusts "at least 1".
Exit 1 when any hidden cell was recovered.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

PROFILES = ("oregon-mrss", "ct-emps", "okc-crt")
NOW = datetime(2026, 11, 20, 21, 30, tzinfo=timezone.utc)


def published_figures(report) -> dict[str, tuple[str, str, str]]:
    """key -> (shown, reason, kind) for every figure; trend rows as 'WEEK:trend.calls'."""
    figures = {}
    for section in report.sections:
        rows = list(section.figures) + [f for t in section.tables for f in t.figures]
        for f in rows:
            figures[f.key] = (f.shown, getattr(f, "reason", "small" if f.suppressed else ""),
                              f.kind)
    for week in report.trend:
        for f in (week.calls, week.responses, week.within_target):
            figures[f"{week.week}:{f.key}"] = (f.shown, getattr(f, "reason", ""), f.kind)
    return figures


def dump_reports(folder: Path, threshold: int, days: int = 120, seed: int = 3,
                 kind: str = "week") -> dict:
    """Every full period of ``kind`` (week or month) of a demo database per profile."""
    from mrss_tui.clock import FrozenClock
    from mrss_tui.config import build_config
    try:
        from mrss_tui.domain.report_period import last_full_period
    except ImportError:  # a tree from before issue 13: weekly reports only
        from mrss_tui.domain.report_week import last_full_week

        def last_full_period(_kind, now, zone):  # type: ignore[no-redef]
            return last_full_week(now, zone)
    from mrss_tui.reports.compute import compute_report
    from mrss_tui.store.db import Store
    from mrss_tui.workflow.demo import DemoOptions, generate_demo

    out: dict = {}
    for profile in PROFILES:
        config = build_config({"profile": profile,
                               "report": {"suppression_threshold": threshold}})
        with Store.open(folder / f"{profile}.db", create=True, clock=FrozenClock(NOW)) as store:
            generate_demo(store, config, DemoOptions(seed=seed, days=days))
            last = last_full_period(kind, NOW, config.zone)  # type: ignore[arg-type]
            count = days // 7 if kind == "week" else days // 31
            reports = []
            for back in range(count - 1, -1, -1):
                report = compute_report(store, config, last.shift(-back), NOW)
                reports.append({"week": report.week, "threshold": report.threshold,
                                "target_minutes": report.target_minutes,
                                "figures": published_figures(report)})
        out[profile] = reports
    return out


def year_of_reports(folder: Path, profile: str, *, calls_per_day: float = 5.0,
                    threshold: int = 10, seed: int = 3) -> tuple[list, dict[str, list[str]]]:
    """A year of published weeks, months and quarters of one demo line (the 52 weeks, 12 months
    and 4 quarters before NOW), and which periods add up to which (a quarter's months)."""
    from mrss_tui.clock import FrozenClock
    from mrss_tui.config import build_config
    from mrss_tui.domain.report_period import Period, last_full_period
    from mrss_tui.reports.compute import compute_report
    from mrss_tui.store.db import Store
    from mrss_tui.workflow.demo import DemoOptions, generate_demo

    config = build_config({"profile": profile, "report": {"suppression_threshold": threshold}})
    reports, sums = [], {}
    with Store.open(folder / f"{profile}-{calls_per_day}.db", create=True,
                    clock=FrozenClock(NOW)) as store:
        generate_demo(store, config, DemoOptions(seed=seed, days=380, calls_per_day=calls_per_day))
        for kind, count in (("week", 52), ("month", 12), ("quarter", 4)):
            last = last_full_period(kind, NOW, config.zone)
            for back in range(count - 1, -1, -1):
                period = last.shift(-back)
                report = compute_report(store, config, period, NOW)
                reports.append({"week": report.week, "threshold": report.threshold,
                                "target_minutes": report.target_minutes,
                                "figures": published_figures(report)})
                if kind == "quarter":
                    sums[str(period)] = [str(Period("month", period.first_day).shift(i))
                                         for i in range(3)]
    return reports, sums


def attack_dump(data: dict, old: bool) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.attacker import Published, attack

    total = 0
    for profile, reports in data.items():
        published = [Published(r["week"], r["threshold"], r["target_minutes"],
                               {k: tuple(v) for k, v in r["figures"].items()}) for r in reports]
        result = attack(published, old=old)
        hidden = len(result.hidden)
        print(f"{profile}: {len(reports)} reports, {hidden} hidden unknowns, "
              f"{len(result.recovered)} recovered exactly, {len(result.narrowed)} narrowed to "
              "2 or 3 values")
        for (week, key), value in result.recovered[:8]:
            print(f"    {week} {key} = {value}")
        total += len(result.recovered)
    print(f"recovered in all: {total}")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["dump", "attack"])
    parser.add_argument("file", type=Path)
    parser.add_argument("--threshold", type=int, default=10)
    parser.add_argument("--old", action="store_true")
    parser.add_argument("--period", choices=["week", "month"], default="week")
    parser.add_argument("--days", type=int, default=120)
    args = parser.parse_args()
    if args.mode == "dump":
        with tempfile.TemporaryDirectory() as folder:
            args.file.write_text(json.dumps(dump_reports(Path(folder), args.threshold,
                                                         days=args.days, kind=args.period)))
        return
    raise SystemExit(1 if attack_dump(json.loads(args.file.read_text()), args.old) else 0)


if __name__ == "__main__":
    main()
