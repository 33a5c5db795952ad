"""C-SSRS answers the caller cannot give (issue 15): "unknown" completes the screener for
triage, and the risk is only a floor, shown as "incomplete (at least LEVEL)"."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from mrss_tui.domain.answers import from_stored, stored_json
from mrss_tui.domain.cssrs import (
    CssrsAnswers,
    CssrsError,
    check_consistent,
    is_complete,
    is_partial,
    next_question,
    risk_level,
)
from mrss_tui.domain.enums import RiskLevel
from mrss_tui.domain.risk_summary import level_words, self_reading
from mrss_tui.workflow.intake import IntakeForm


def test_unknown_is_an_answer_and_keeps_the_skip_rule() -> None:
    answers = CssrsAnswers().set_unknown("q1").set_unknown("q2")
    assert next_question(answers) == "q6"  # q2 unknown: no method/intent/plan questions
    answers = answers.set_unknown("q6")
    assert is_complete(answers) and is_partial(answers)
    assert risk_level(answers) is RiskLevel.NONE  # a floor: nothing reported


@pytest.mark.parametrize("build, floor", [
    (lambda a: a.set("q1", True).set_unknown("q2").set("q6", False), RiskLevel.LOW),
    (lambda a: a.set("q1", True).set("q2", True).set("q3", True).set_unknown("q4")
     .set_unknown("q5").set("q6", False), RiskLevel.MODERATE),
    (lambda a: a.set("q1", False).set("q2", False).set("q6", True).set_unknown("q6_recent"),
     RiskLevel.MODERATE),
    (lambda a: a.set_unknown("q1").set("q2", True).set_unknown("q3").set("q4", True)
     .set_unknown("q5").set_unknown("q6"), RiskLevel.HIGH),
])
def test_the_risk_of_a_partial_screener_is_the_level_the_known_answers_reach(build, floor):
    answers = build(CssrsAnswers())
    assert is_complete(answers) and is_partial(answers)
    assert risk_level(answers) is floor


def test_answering_a_question_clears_its_unknown_and_skips_drop_unknowns() -> None:
    answers = CssrsAnswers().set("q2", True).set_unknown("q3")
    assert answers.is_unknown("q3")
    assert not answers.set("q3", False).is_unknown("q3")
    assert answers.set("q2", False).unknown == ()  # q3 is no longer asked
    with pytest.raises(CssrsError):
        check_consistent(CssrsAnswers(q2=False, unknown=("q4",)))


def test_stored_answers_without_unknowns_still_read() -> None:
    old = json.dumps({"q1": False, "q2": False, "q3": None, "q4": None, "q5": None, "q6": False,
                      "q6_recent": None})
    for read in (from_stored(CssrsAnswers, old), _held(old)):
        assert not is_partial(read) and risk_level(read) is RiskLevel.NONE
    stored = stored_json(CssrsAnswers().set_unknown("q1"))
    assert from_stored(CssrsAnswers, stored).unknown == _held(stored).unknown == ("q1",)


def _held(text: str) -> CssrsAnswers:
    """The answers as a pydantic model holding them reads them (a call row, a typed form)."""
    return IntakeForm.model_validate({"cssrs": json.loads(text)}).cssrs


@pytest.mark.parametrize("bad", [{"q1": "maybe"}, {"q9": True}, {"unknown": ["q9"]},
                                 {"q1": 1}])
def test_answers_that_are_not_the_screeners_are_refused(bad: dict) -> None:
    """Read back from a row without pydantic or checked as input by a pydantic model, answers
    the screener does not have are refused, never read as a risk."""
    with pytest.raises(ValueError):
        from_stored(CssrsAnswers, json.dumps(bad))
    if bad != {"q1": 1}:  # pydantic's lax mode reads 1 as yes from a form (as before)
        with pytest.raises(ValidationError):
            IntakeForm.model_validate({"cssrs": bad})


def test_shown_as_incomplete_never_as_none() -> None:
    from datetime import datetime, timezone

    at = datetime(2026, 12, 5, tzinfo=timezone.utc)
    partial_low = CssrsAnswers(q1=True).set_unknown("q2").set("q6", False)
    nothing = CssrsAnswers().set_unknown("q1").set_unknown("q2").set_unknown("q6")
    complete_low = CssrsAnswers(q1=True, q2=False, q6=False)
    assert level_words(self_reading(None, partial_low, at)) == "incomplete (at least Low)"
    assert level_words(self_reading(None, nothing, at)) == "incomplete (nothing reported so far)"
    assert level_words(self_reading(None, complete_low, at)) == "Low"
