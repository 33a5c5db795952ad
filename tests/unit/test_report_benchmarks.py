"""Issue 23: each profile's benchmarks are readable in the monthly report of its demo, service
measures as a whole percentage with their denominator."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.domain.report_period import last_full_period
from mrss_tui.reports.compute import compute_report
from mrss_tui.reports.text import render_text
from mrss_tui.store.db import Store
from mrss_tui.workflow.demo import DemoOptions, generate_demo

NOW = datetime(2026, 11, 20, 21, 30, tzinfo=timezone.utc)
SHARE = re.compile(r"^≈?\d{1,3}% of \d+( met| not met| about)?$")
EXPECTED = {
    "ct-emps": ["Mobile response, aim 90%", "Within 45 min, aim 80%"],
    "okc-crt": ["Stabilized in place", "Without ED", "Without arrest", "Within 60 min"],
    "oregon-mrss": ["Within 60 min", "Face-to-face responses", "Safety plan within 24 h"],
}


@pytest.mark.parametrize("profile", sorted(EXPECTED))
def test_the_monthly_demo_report_shows_the_program_benchmarks(tmp_path: Path,
                                                               profile: str) -> None:
    config = build_config({"profile": profile})
    with Store.open(tmp_path / "demo.db", create=True, clock=FrozenClock(NOW)) as store:
        generate_demo(store, config, DemoOptions())
        report = compute_report(store, config, last_full_period("month", NOW, config.zone), NOW)
    section = next(s for s in report.sections if s.key == "benchmarks")
    assert [f.label for f in section.figures] == EXPECTED[profile]
    for figure in section.figures:
        assert not figure.suppressed, (figure.label, figure.shown)
        assert SHARE.match(figure.shown) or figure.kind == "count", (figure.label, figure.shown)
    text = render_text(report)
    assert "Program benchmarks" in text and all(label in text for label in EXPECTED[profile])
    shown = {f.key: f.shown for _s, _n, f in report.rows()}
    # Service measures: exact, with their counts beside them.
    assert shown["response.within_target_share"].rstrip("%").isdigit()
    assert shown["care.safety_plan_24h_share"].rstrip("%").isdigit()


def test_the_unfinished_year_shows_what_its_finished_quarters_show(tmp_path: Path) -> None:
    config = build_config({"profile": "ct-emps"})
    with Store.open(tmp_path / "demo.db", create=True, clock=FrozenClock(NOW)) as store:
        generate_demo(store, config, DemoOptions(days=330))
        year = compute_report(store, config, last_full_period("year", NOW, config.zone).shift(1),
                              NOW)
        quarters = [compute_report(store, config, last_full_period("quarter", NOW, config.zone)
                                   .shift(-back), NOW) for back in range(3)]
    assert year.provisional and year.week == "2026"
    within = {r.week: {f.key: f.shown for _s, _n, f in r.rows()}["response.within_target_share"]
              for r in [year, *quarters]}
    assert all(share.endswith("%") and share[0].isdigit() for share in within.values()), within
