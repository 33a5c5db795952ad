"""One risk summary (issue 27): risk to self and to others, each from its latest assessment,
with when; an unknown answer reads "incomplete (at least LEVEL)", never a bare "None"."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from mrss_tui.domain.cssrs import CssrsAnswers
from mrss_tui.domain.enums import RiskLevel
from mrss_tui.domain.risk_others import RiskOthersAnswers, others_level, page_safety_line
from mrss_tui.domain.risk_summary import (
    others_reading,
    risk_words,
    self_reading,
    summarize_risk,
)

ZONE = ZoneInfo("America/Chicago")
T0 = datetime(2026, 12, 5, 20, 2, tzinfo=timezone.utc)  # Sat 05 Dec 14:02 in Chicago
ALL_NO = CssrsAnswers(q1=False, q2=False, q6=False)
VIOLENT = RiskOthersAnswers(**{k: True for k in (
    "confused", "irritable", "boisterous", "verbal_threats", "physical_threats",
    "attacking_objects", "violent_ideation", "plan_or_intent", "recent_violence",
    "weapons_access", "command_hallucinations")})


def _unknown_all() -> CssrsAnswers:
    answers = CssrsAnswers()
    for q in ("q1", "q2", "q6"):
        answers = answers.set_unknown(q)
    return answers


def test_a_violent_adult_reads_high_to_others_not_none() -> None:
    summary = summarize_risk(self_reading(RiskLevel.NONE, ALL_NO, T0),
                             others_reading(RiskLevel.HIGH, VIOLENT, T0))
    assert summary.level is RiskLevel.HIGH
    assert risk_words(summary, ZONE, short=True) == "HIGH others"
    assert risk_words(summary, ZONE) == \
        "Risk HIGH to others, None to self (at intake Sat 05 Dec 14:02)"


def test_unknown_answers_read_incomplete_never_none() -> None:
    summary = summarize_risk(self_reading(RiskLevel.NONE, _unknown_all(), T0), None)
    assert summary.partial
    assert "None" not in risk_words(summary, ZONE) and "None" not in risk_words(
        summary, ZONE, short=True)
    assert risk_words(summary, ZONE).startswith("Risk incomplete (nothing reported so far)")
    low = CssrsAnswers(q1=True).set_unknown("q2").set("q6", False)
    floor = summarize_risk(self_reading(RiskLevel.LOW, low, T0), None)
    assert risk_words(floor, ZONE).startswith("Risk incomplete (at least Low) to self")
    assert risk_words(floor, ZONE, short=True) == "incompl ≥Low self"


def test_the_violence_screen_takes_unknown_and_its_level_is_a_floor() -> None:
    answers = RiskOthersAnswers(recent_violence=True).set_unknown("weapons_access")
    assert answers.is_unknown("weapons_access") and answers.answered()
    assert others_level(answers) is RiskLevel.MODERATE
    reading = others_reading(None, answers, T0)
    assert reading is not None and reading.partial and reading.level is RiskLevel.MODERATE
    summary = summarize_risk(self_reading(RiskLevel.NONE, ALL_NO, T0), reading)
    assert risk_words(summary, ZONE, short=True) == "incompl ≥Mod others"
    assert "unknown: weapon access" in page_safety_line(answers)
    # answering it clears the unknown; 'plan' unknowns go when violent thoughts are not yes
    assert not answers.set("weapons_access", False).is_partial()
    ideation = RiskOthersAnswers(violent_ideation=True).set_unknown("plan_or_intent")
    assert ideation.set("violent_ideation", False).unknown == ()


def test_a_reassessment_replaces_intake_and_says_when() -> None:
    later = T0 + timedelta(hours=2)
    summary = summarize_risk(self_reading(RiskLevel.HIGH, None, T0),
                             others_reading(RiskLevel.LOW, None, T0),
                             latest_self=self_reading(RiskLevel.LOW, None, later, True))
    assert summary.level is RiskLevel.LOW
    assert risk_words(summary, ZONE, short=True) == "Low self+others 16:02"
    assert risk_words(summary, ZONE) == (
        "Risk Low to self (re-assessed Sat 05 Dec 16:02; intake HIGH), "
        "Low to others (at intake Sat 05 Dec 14:02)")


def test_not_screened_is_said() -> None:
    assert risk_words(summarize_risk(None, None), ZONE) == "Risk not screened"
    assert risk_words(None, ZONE, short=True) == "not screened"


def test_the_report_counts_an_unknown_screener_as_incomplete_not_none(session) -> None:
    from mrss_tui.workflow.intake import IntakeForm, record_call
    from tests.conftest import T0

    for cssrs in (_unknown_all(), ALL_NO):
        record_call(session, IntakeForm(received_at=T0.isoformat(), line="988", town="Burns",
                                        cssrs=cssrs, triage="phone_only"))
    week = session.store.report_counts.week(T0 - timedelta(days=1), T0 + timedelta(days=1))
    assert week.calls.by_risk == {"incomplete": 1, "none": 1}


def test_a_program_that_screens_risk_to_others_says_when_it_was_not() -> None:
    screened = self_reading(RiskLevel.NONE, ALL_NO, T0)
    assert risk_words(summarize_risk(screened, None, screens_others=True), ZONE).endswith(
        "; to others not screened")
    assert "others" not in risk_words(summarize_risk(screened, None), ZONE)
