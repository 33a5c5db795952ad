"""Every figure of the weekly report against the hand-built week of tests/report_data.py.

The expected values are worked out by hand in the comments; the week is the daylight-saving
week 2026-W44 (169 hours), with records one second either side of both local midnights.
"""

from __future__ import annotations

import pytest

from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.domain.report_week import IsoWeek
from mrss_tui.reports.compute import compute_report
from mrss_tui.reports.model import Report
from mrss_tui.store.db import Store
from tests.conftest import T0
from tests.report_data import WEEK, build_hand_week


def figures(report: Report) -> dict[str, str]:
    shown = {f.key: f.shown for _s, _n, f in report.rows() if not f.key.startswith("trend.")}
    for week in report.trend:
        for figure in (week.calls, week.responses, week.within_target):
            shown[f"{week.week}:{figure.key}"] = figure.shown
    return shown


@pytest.fixture
def hand_week(store: Store, clock: FrozenClock) -> Store:
    build_hand_week(store, clock)
    clock.set(T0)
    return store


def make(store: Store, threshold: int) -> dict[str, str]:
    config = build_config({"report": {"suppression_threshold": threshold}})
    return figures(compute_report(store, config, IsoWeek.parse(WEEK), T0))


def test_every_figure_without_suppression(hand_week: Store) -> None:
    f = make(hand_week, threshold=0)
    expected = {
        # Calls c1 (at the start) .. c6 (one second before the end); 'before' and 'after' are out.
        "calls.total": "6",
        "calls.line.988": "3", "calls.line.211": "1", "calls.line.911": "1",
        "calls.line.direct": "1", "calls.line.walk_in": "0", "calls.line.other": "0",
        "calls.age_band.child": "1", "calls.age_band.youth": "2", "calls.age_band.young_adult": "1",
        "calls.age_band.adult": "1", "calls.age_band.unknown": "1",
        "calls.county.Grant": "1", "calls.county.Harney": "3", "calls.county.Lake": "1",
        "calls.county.Malheur": "1",
        "calls.triage.phone_only": "1", "calls.triage.mobile_dispatch": "3",
        "calls.triage.transfer_911": "0", "calls.triage.referral_only": "1",
        "calls.triage.information": "0", "calls.triage.unknown": "1",
        "calls.risk.none": "1", "calls.risk.low": "1", "calls.risk.moderate": "2",
        "calls.risk.high": "1", "calls.risk.unknown": "1",
        # Teams sent for the calls of the week and not cancelled: c1, c2 and c6 (whose team was
        # paged in the next week); c4's was cancelled, 'before' is last week's call.
        "response.dispatches": "3",
        # Calls of the week with a team not cancelled: c1, c2, c6 -> 3 of 6.
        "response.calls": "3", "response.calls_share": "50%",
        # Arrivals 3600 s (c1, at target), 3601 s (c2), 2700 s (c6): median 3600 s, nearest-rank
        # p90 = 3rd of 3 = 3601 s; within target: c1 and c6 -> 2 of 3.
        "response.arrivals": "3", "response.median": "60 min", "response.p90": "60 min",
        "response.within_target": "2", "response.within_target_share": "67%",
        "response.le": "1",
        # Opened: e1 (at the start), e2, e6 (a second before the end); e3 a second too early.
        "episodes.opened": "3",
        # Episode-hours in the week (169 h, clocks fall back): crisis e1 48 + e2 134 + e3 3 +
        # e4 27 (+ e6 one second) = 212 h -> 1.3 a day; stabilization e1 84 + e3 166 = 250 h
        # -> 1.5; in all 462 h -> 2.7. e5 closed a second before the start.
        "episodes.open": "2.7", "episodes.open.crisis": "1.3",
        "episodes.open.stabilization": "1.5",
        # Closed in the week: e1 (home), e4 (ED); e5 closed a second before the start.
        "episodes.closed_total": "2", "episodes.closed.home_community": "1",
        "episodes.closed.emergency_department": "1", "episodes.closed.inpatient": "0",
        "episodes.closed.law_enforcement_custody": "0", "episodes.closed.other": "0",
        "episodes.home_share": "50%",
        # e1: stabilization Wed 28 Oct 07:00 UTC to closing Sat 31 Oct 19:00 UTC = 3.5 days.
        "episodes.stabilized": "1", "episodes.stabilization_median": "3.5 days",
        # Due at the start (done that second), 1 s late, not done; the ones at the end and a
        # second before the start are out.
        "followups.due": "3", "followups.on_time": "1", "followups.on_time_share": "33%",
        "alerts.total": "2", "alerts.kind.followup_overdue": "1",
        "alerts.kind.arrival_past_target": "1", "alerts.kind.page_failed": "0",
        "referrals.made": "2", "referrals.connected": "1", "referrals.connected_share": "50%",
        "referrals.category.counseling": "2",
        # Trend: this week; W43 holds 'before' (answered in 20 min); W41 'old', W38 'older'.
        "2026-W44:trend.calls": "6", "2026-W44:trend.responses": "3",
        "2026-W44:trend.within_share": "67%",
        "2026-W43:trend.calls": "1", "2026-W43:trend.responses": "1",
        "2026-W43:trend.within_share": "100%",
        "2026-W41:trend.calls": "1", "2026-W41:trend.responses": "0",
        "2026-W41:trend.within_share": "n/a",
        "2026-W38:trend.calls": "1", "2026-W42:trend.calls": "0",
    }
    assert {k: f.get(k) for k in expected} == expected
    assert "referrals.category.peer" not in f  # made at the end: next week


def test_trend_is_twelve_weeks_ending_with_the_report_week(hand_week: Store) -> None:
    report = compute_report(hand_week, build_config({}), IsoWeek.parse(WEEK), T0)
    assert [w.week for w in report.trend][0] == "2026-W33"
    assert [w.week for w in report.trend][-1] == WEEK
    assert len(report.trend) == 12


def test_suppression_applied_to_the_hand_week(hand_week: Store) -> None:
    f = make(hand_week, threshold=2)
    expected = {
        "calls.total": "6",
        # 211, 911 and direct (1 each) are small: three "1-2" cells beside 988 = 3 would add up
        # to 6 only as 1 + 1 + 1, and hiding 988 too still pins them (it is above 2), so the
        # whole line is "suppressed", zeros too (the total, 6, is never hidden to protect).
        "calls.line.988": "suppressed", "calls.line.211": "suppressed",
        "calls.line.walk_in": "suppressed",
        # 3 with a response and 3 without: both shown.
        "response.calls": "3", "response.calls_share": "50%", "response.dispatches": "3",
        # 2 within and 1 late of 3 arrivals: a service measure (a late arrival is no fact about
        # a person) over more than the threshold of arrivals, so shown.
        "response.arrivals": "3", "response.within_target": "2",
        "response.within_target_share": "67%",
        # 3 arrivals: a median needs more than 2 on each side of it.
        "response.median": "suppressed",
        # 1 of 3 dispatches with law enforcement: hidden, and the other 2 with it.
        "response.le": "1-2",
        # 5 episodes open in the week: above the threshold of 2, so the averages show.
        "episodes.open": "2.7", "episodes.open.crisis": "1.3",
        # 2 closed, 1 home and 1 ED: two "1-2" cells would pin the total to 2.
        "episodes.closed_total": "suppressed", "episodes.home_share": "suppressed",
        "episodes.stabilized": "1-2", "episodes.stabilization_median": "suppressed",
        "followups.due": "3", "followups.on_time": "1-2", "followups.on_time_share": "suppressed",
        "2026-W44:trend.within_share": "67%",
    }
    assert {k: f.get(k) for k in expected} == expected


def test_default_threshold_hides_the_small_week(hand_week: Store) -> None:
    f = make(hand_week, threshold=10)
    assert f["calls.total"] == "1-10" and f["response.median"] == "suppressed"
    assert f["calls.line.walk_in"] == "0"  # zero may show


def test_a_week_with_nothing(store: Store) -> None:
    f = make(store, threshold=10)
    assert f["calls.total"] == "0"
    assert f["response.calls_share"] == "n/a" and f["response.median"] == "n/a"


def test_appendix_defines_every_figure_in_one_sentence(store: Store) -> None:
    report = compute_report(store, build_config({}), IsoWeek.parse(WEEK), T0)
    names = {d.name for d in report.definitions}
    for section in report.sections:
        if section.title in names:  # one definition for the whole section
            continue
        for figure in section.figures:
            assert figure.label.split(" (")[0] in names
        for table in section.tables:
            assert table.title in names or table.title.split(" by ")[0] in names
    assert "12-week trend" in names and "Small counts" in names
    for definition in report.definitions:
        assert definition.sentence.endswith(".") and ". " not in definition.sentence


def test_the_longest_episode_still_counts_as_open(store: Store, clock: FrozenClock) -> None:
    """Open episodes are read from closings only up to the end plus the longest episode ever;
    the longest one itself, opened a second before the end, must be found."""
    from datetime import timedelta

    from mrss_tui.domain.enums import AgeBand, Disposition, Line, Phase, RiskLevel, Triage
    from tests.report_data import END, WeekBuilder

    b = WeekBuilder(store, clock)
    opened = END - timedelta(seconds=1)
    b.call("long", opened, line=Line.L988, band=AgeBand.YOUTH, county="Harney",
           triage=Triage.MOBILE_DISPATCH, risk=RiskLevel.HIGH)
    b.episode("long", "long", opened, [
        (Phase.CLOSED, opened + timedelta(days=100), Disposition.HOME_COMMUNITY)])
    clock.set(T0)
    from tests.report_data import START

    episodes = store.report_counts.week(START, END).episodes
    assert episodes.open_episodes == 1
    assert episodes.open_days_by_phase == {"crisis": 1 / 86400}
