"""Definitions that hold over time (issue 13): a past week's figures come from the event history
as it stood; cancelled follow-ups are not missed; suggested referrals are not made; half up."""

from __future__ import annotations

from datetime import timedelta

from mrss_tui.clock import FrozenClock
from mrss_tui.domain.enums import (
    AgeBand,
    Disposition,
    Line,
    Phase,
    ReferralStatus,
    RiskLevel,
    Triage,
)
from mrss_tui.reports.report_cells import minutes_text
from mrss_tui.store.db import Store
from tests.report_data import ACTOR, END, START, WeekBuilder, utc

NEXT_END = END + timedelta(days=7)


def one_episode(store: Store, clock: FrozenClock) -> WeekBuilder:
    b = WeekBuilder(store, clock)
    b.call("c", utc(10, 27, 9), line=Line.L988, band=AgeBand.YOUTH, county="Harney",
           triage=Triage.MOBILE_DISPATCH, risk=RiskLevel.HIGH)
    b.episode("e", "c", utc(10, 27, 10), [
        (Phase.CLOSED, utc(10, 29, 10), Disposition.HOME_COMMUNITY)])
    return b


def test_reopening_later_does_not_rewrite_a_past_weeks_closings(store: Store,
                                                                 clock: FrozenClock) -> None:
    b = one_episode(store, clock)
    before = store.report_counts.week(START, END).episodes
    episode = store.episodes.get(b.built.episodes["e"])
    store.episodes.change_phase(ACTOR, episode.id, phase=Phase.CRISIS,
                                at=b.at(END + timedelta(days=2)), expected_version=episode.version)
    after = store.report_counts.week(START, END).episodes
    assert before.closed == after.closed == 1
    assert after.closed_by_disposition == {"home_community": 1}
    # Open in W44 only until the closing: the reopening in W45 adds nothing to W44 ...
    assert after.open_days_by_phase == before.open_days_by_phase == {"crisis": 2.0}
    # ... and counts in W45 from the reopening on.
    assert store.report_counts.week(END, NEXT_END).episodes.open_episodes == 1


def test_closing_again_after_a_reopening_keeps_both_dispositions(store: Store,
                                                                 clock: FrozenClock) -> None:
    b = one_episode(store, clock)
    episode = store.episodes.get(b.built.episodes["e"])
    episode = store.episodes.change_phase(ACTOR, episode.id, phase=Phase.CRISIS,
                                          at=b.at(utc(10, 30, 10)),
                                          expected_version=episode.version)
    store.episodes.change_phase(ACTOR, episode.id, phase=Phase.CLOSED, at=b.at(utc(10, 31, 10)),
                                expected_version=episode.version,
                                disposition=Disposition.EMERGENCY_DEPARTMENT)
    week = store.report_counts.week(START, END).episodes
    assert week.closed_by_disposition == {"home_community": 1, "emergency_department": 1}


def test_follow_ups_cancelled_before_they_fell_due_are_not_due(store: Store,
                                                               clock: FrozenClock) -> None:
    b = one_episode(store, clock)
    b.followup("e", utc(10, 30, 12), "weekly_1", done=None)  # due after the closing
    b.followup("e", utc(10, 28, 12), "first_contact", done=None)  # due before it: missed
    store.followups.cancel_pending(ACTOR, b.built.episodes["e"], b.at(utc(10, 29, 10)))
    week = store.report_counts.week(START, END)
    assert (week.followups_due, week.followups_on_time) == (1, 0)


def test_only_suggested_referrals_are_not_made(store: Store, clock: FrozenClock) -> None:
    b = one_episode(store, clock)
    b.referral("e", utc(10, 28, 16), "counseling", "suggested")
    b.referral("e", utc(10, 28, 17), "housing", "referred")
    b.referral("e", utc(10, 28, 18), "food", "declined")
    week = store.report_counts.week(START, END)
    assert week.referrals_by_category == {"housing": 1, "food": 1}
    # The suggestion becomes a referral next week: made then, and W44 does not change.
    suggested = store.one("SELECT id, version FROM referrals WHERE category = 'counseling'")
    store.referrals.set_status(ACTOR, suggested["id"], status=ReferralStatus.REFERRED,
                               at=b.at(END + timedelta(days=1)),
                               expected_version=suggested["version"])
    assert store.report_counts.week(START, END).referrals_by_category == {"housing": 1, "food": 1}
    assert store.report_counts.week(END, NEXT_END).referrals_by_category == {"counseling": 1}


def test_times_round_half_up() -> None:
    assert minutes_text(44.5 * 60) == "45 min"
    assert minutes_text(44.49 * 60) == "44 min"


def test_a_correction_to_a_published_week_is_flagged_as_revised(
        store: Store, clock: FrozenClock, make_session, tmp_path) -> None:
    from mrss_tui.config import build_config
    from mrss_tui.domain.enums import Role
    from mrss_tui.domain.report_week import IsoWeek
    from mrss_tui.reports.text import render_csv, render_text
    from mrss_tui.workflow.reports import save_report, weekly_report
    from tests.conftest import T0

    b = one_episode(store, clock)
    clock.set(T0)
    session = make_session(Role.COUNTY_ADMIN, cfg=build_config(
        {"report": {"suppression_threshold": 0}}))
    week = IsoWeek.parse("2026-W44")
    save_report(session, week, "csv", tmp_path)  # published: 1 call
    assert weekly_report(session, week).revised == []  # the same figures again
    # A call entered late, back-dated into the week: the week's calls change.
    b.call("late", utc(10, 28, 3), line=Line.L911, band=AgeBand.CHILD, county="Lake",
           triage=Triage.PHONE_ONLY, risk=RiskLevel.LOW)
    clock.set(T0)
    report = weekly_report(session, week)
    assert "Calls|calls.total" in report.revised
    assert "Calls by line: 988|calls.line.988" not in report.revised  # unchanged
    text = render_text(report)
    assert "Revised since first published" in text and "Calls by line: 911" in text
    rows = [line.split(",") for line in render_csv(report).splitlines()]
    assert ["Calls", "Calls", "2", "no", "", "yes"] in rows
    save_report(session, week, "csv", tmp_path)  # the first publication stays the reference
    assert "Calls|calls.total" in weekly_report(session, week).revised
