"""Episode windows, rule follow-ups and alert rules at the exact second (pure domain)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from mrss_tui.config import FollowupsConfig, WindowsConfig
from mrss_tui.domain.enums import Disposition, Phase
from mrss_tui.domain.episodes import (
    PhaseChangeForm,
    closes_early,
    crisis_window_start,
    ending_alert_due,
    medical_screen_required,
    no_safety_plan_alert_due,
    phase_change_problems,
    phase_deadline,
    rule_followups,
)
from mrss_tui.domain.models import Episode

UTC = timezone.utc
PACIFIC = ZoneInfo("America/Los_Angeles")
WINDOWS = WindowsConfig()
FOLLOWUPS = FollowupsConfig()
SECOND = timedelta(seconds=1)


def episode(phase: Phase = Phase.CRISIS, *, opened: datetime, f2f: datetime | None = None,
            phase_started: datetime | None = None) -> Episode:
    return Episode(id=1, call_id=1, phase=phase, opened_at=opened, face_to_face_at=f2f,
                   phase_started_at=phase_started or opened, created_by="t")


OPENED = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
F2F = OPENED + timedelta(minutes=50)


def test_crisis_window_runs_from_face_to_face_not_from_the_call() -> None:
    assert crisis_window_start(episode(opened=OPENED)) is None
    assert phase_deadline(episode(opened=OPENED), WINDOWS, PACIFIC) is None
    e = episode(opened=OPENED, f2f=F2F)
    assert crisis_window_start(e) == F2F
    assert phase_deadline(e, WINDOWS, PACIFIC) == F2F + timedelta(hours=72)


def test_reopened_into_crisis_starts_a_new_window_at_the_reopening() -> None:
    reopened = F2F + timedelta(days=20)
    e = episode(opened=OPENED, f2f=F2F, phase_started=reopened)
    assert phase_deadline(e, WINDOWS, PACIFIC) == reopened + timedelta(hours=72)
    assert rule_followups(e, WINDOWS, FOLLOWUPS, PACIFIC)[0].due_at == reopened + timedelta(hours=24)


@pytest.mark.parametrize("offset, owed", [(-SECOND, False), (timedelta(0), True), (SECOND, True)])
def test_crisis_ending_alert_from_exactly_six_hours_before(offset: timedelta, owed: bool) -> None:
    end = phase_deadline(episode(opened=OPENED, f2f=F2F), WINDOWS, PACIFIC)
    warn_at = end - timedelta(hours=FOLLOWUPS.crisis_ending_warn_hours)
    assert ending_alert_due(end, timedelta(hours=6), warn_at + offset) is owed


def test_ending_alert_still_owed_after_the_deadline_while_the_phase_is_open() -> None:
    end = F2F + timedelta(hours=72)
    assert ending_alert_due(end, timedelta(hours=6), end + timedelta(days=3))
    assert not ending_alert_due(None, timedelta(hours=6), end)


@pytest.mark.parametrize("offset, owed", [(-SECOND, False), (timedelta(0), False), (SECOND, True)])
def test_no_safety_plan_alert_strictly_after_24_hours(offset: timedelta, owed: bool) -> None:
    e = episode(opened=OPENED, f2f=F2F)
    due = F2F + timedelta(hours=24)
    assert no_safety_plan_alert_due(e, FOLLOWUPS, has_plan=False, now=due + offset) is owed
    assert not no_safety_plan_alert_due(e, FOLLOWUPS, has_plan=True, now=due + offset)


def test_no_safety_plan_alert_needs_a_face_to_face_and_an_open_episode() -> None:
    late = OPENED + timedelta(days=5)
    assert not no_safety_plan_alert_due(episode(opened=OPENED), FOLLOWUPS, False, late)
    closed = episode(Phase.CLOSED, opened=OPENED, f2f=F2F)
    assert not no_safety_plan_alert_due(closed, FOLLOWUPS, False, late)


def test_stabilization_follow_ups_weekly_at_local_time_across_daylight_saving() -> None:
    # Stabilization starts Mon 2 March 2026 10:00 PST; clocks spring forward on 8 March.
    start = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
    e = episode(Phase.STABILIZATION, opened=start - timedelta(days=3), f2f=start - timedelta(days=3),
                phase_started=start)
    rules = rule_followups(e, WINDOWS, FOLLOWUPS, PACIFIC)
    assert [r.kind for r in rules] == [f"weekly_{n}" for n in range(1, 9)]
    assert rules[0].due_at == datetime(2026, 3, 9, 17, 0, tzinfo=UTC)  # 10:00 PDT
    assert all(r.due_at.astimezone(PACIFIC).hour == 10 for r in rules)
    end = phase_deadline(e, WINDOWS, PACIFIC)
    assert end == datetime(2026, 4, 27, 17, 0, tzinfo=UTC)
    assert rules[-1].due_at == end  # the 8th weekly contact falls on the last day


def test_stabilization_ending_alert_seven_local_days_before_across_fall_back() -> None:
    # Starts 10 Sept 09:00 PDT; ends 5 Nov 09:00 PST (after the 1 Nov change): 56 local days.
    start = datetime(2026, 9, 10, 16, 0, tzinfo=UTC)
    e = episode(Phase.STABILIZATION, opened=start, f2f=start, phase_started=start)
    end = phase_deadline(e, WINDOWS, PACIFIC)
    assert end == datetime(2026, 11, 5, 17, 0, tzinfo=UTC)
    warn = end - timedelta(days=7)
    assert not ending_alert_due(end, timedelta(days=7), warn - SECOND)
    assert ending_alert_due(end, timedelta(days=7), warn)


def test_ct_emps_stabilization_is_42_days() -> None:
    start = datetime(2026, 6, 1, 14, 0, tzinfo=UTC)
    e = episode(Phase.STABILIZATION, opened=start, f2f=start, phase_started=start)
    assert phase_deadline(e, WindowsConfig(stabilization_days=42), PACIFIC) == start + timedelta(days=42)
    assert len(rule_followups(e, WindowsConfig(stabilization_days=42), FOLLOWUPS, PACIFIC)) == 6


@pytest.mark.parametrize("offset, early", [(-SECOND, True), (timedelta(0), False), (SECOND, False)])
def test_closing_stabilization_before_its_end_is_early(offset: timedelta, early: bool) -> None:
    start = datetime(2026, 6, 1, 14, 0, tzinfo=UTC)
    e = episode(Phase.STABILIZATION, opened=start, f2f=start, phase_started=start)
    end = phase_deadline(e, WINDOWS, PACIFIC)
    assert closes_early(e, WINDOWS, PACIFIC, end + offset) is early
    form = PhaseChangeForm(to=Phase.CLOSED, disposition=Disposition.HOME_COMMUNITY)
    problems = phase_change_problems(e, form, WINDOWS, PACIFIC, end + offset)
    assert ("reason" in problems) is early


def test_phase_change_asks_for_what_it_needs() -> None:
    crisis = episode(opened=OPENED)
    assert "to" in phase_change_problems(crisis, PhaseChangeForm(to=Phase.STABILIZATION),
                                         WINDOWS, PACIFIC, F2F)
    with_f2f = episode(opened=OPENED, f2f=F2F)
    assert phase_change_problems(with_f2f, PhaseChangeForm(to=Phase.STABILIZATION),
                                 WINDOWS, PACIFIC, F2F) == {}
    assert "disposition" in phase_change_problems(with_f2f, PhaseChangeForm(to=Phase.CLOSED),
                                                  WINDOWS, PACIFIC, F2F)
    closed = episode(Phase.CLOSED, opened=OPENED, f2f=F2F)
    assert "reason" in phase_change_problems(closed, PhaseChangeForm(to=Phase.CRISIS),
                                             WINDOWS, PACIFIC, F2F)
    assert "reason" in phase_change_problems(closed, PhaseChangeForm(to=Phase.CRISIS, reason="o"),
                                             WINDOWS, PACIFIC, F2F)


def test_medical_screen_only_for_paramedic_teams_on_okc_crt_first_face_to_face() -> None:
    assert medical_screen_required("okc-crt", {"paramedic", "navigator"}, True)
    assert not medical_screen_required("okc-crt", {"paramedic"}, False)
    assert not medical_screen_required("okc-crt", {"clinician"}, True)
    assert not medical_screen_required("oregon-mrss", {"paramedic"}, True)
