from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mrss_tui.domain.cssrs import (
    CssrsAnswers,
    CssrsError,
    check_consistent,
    is_complete,
    next_question,
    questions_to_ask,
    risk_level,
    suggested_acuity,
)
from mrss_tui.domain.enums import Acuity, RiskLevel

NO = False
YES = True


def answers(**kw: bool | None) -> CssrsAnswers:
    return CssrsAnswers(**kw)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (dict(q1=NO, q2=NO, q6=NO), RiskLevel.NONE),
        (dict(q1=YES, q2=NO, q6=NO), RiskLevel.LOW),
        (dict(q1=NO, q2=YES, q3=NO, q4=NO, q5=NO, q6=NO), RiskLevel.LOW),
        (dict(q1=YES, q2=YES, q3=YES, q4=NO, q5=NO, q6=NO), RiskLevel.MODERATE),
        (dict(q1=YES, q2=NO, q6=YES, q6_recent=NO), RiskLevel.MODERATE),
        (dict(q1=YES, q2=YES, q3=NO, q4=YES, q5=NO, q6=NO), RiskLevel.HIGH),
        (dict(q1=YES, q2=YES, q3=NO, q4=NO, q5=YES, q6=NO), RiskLevel.HIGH),
        (dict(q1=NO, q2=NO, q6=YES, q6_recent=YES), RiskLevel.HIGH),
        (dict(q1=YES, q2=YES, q3=YES, q4=YES, q5=YES, q6=YES, q6_recent=YES), RiskLevel.HIGH),
    ],
)
def test_risk_levels_follow_the_protocol(given: dict, expected: RiskLevel) -> None:
    assert risk_level(answers(**given)) is expected


def test_question_2_no_skips_straight_to_6() -> None:
    a = answers(q1=YES, q2=NO)
    assert questions_to_ask(a) == ["q1", "q2", "q6"]
    assert next_question(a) == "q6"


def test_question_2_yes_asks_3_to_5() -> None:
    a = answers(q1=YES, q2=YES)
    assert next_question(a) == "q3"
    assert questions_to_ask(a) == ["q1", "q2", "q3", "q4", "q5", "q6"]


def test_question_6_yes_asks_recency() -> None:
    a = answers(q1=NO, q2=NO, q6=YES)
    assert next_question(a) == "q6_recent"
    assert not is_complete(a)


@pytest.mark.parametrize("extra", ["q3", "q4", "q5"])
def test_answers_to_3_5_when_2_is_no_are_rejected(extra: str) -> None:
    a = answers(q1=YES, q2=NO, q6=NO, **{extra: YES})
    with pytest.raises(CssrsError, match="only when question 2 is yes"):
        risk_level(a)


def test_recency_without_behaviour_is_rejected() -> None:
    with pytest.raises(CssrsError, match="only when question 6 is yes"):
        check_consistent(answers(q1=NO, q2=NO, q6=NO, q6_recent=YES))


def test_incomplete_answers_are_an_error_unless_allowed() -> None:
    a = answers(q1=YES)
    with pytest.raises(CssrsError, match="question 2 has no answer"):
        risk_level(a)
    assert risk_level(a, allow_incomplete=True) is RiskLevel.LOW


def test_provisional_level_treats_unknown_recency_as_at_least_moderate() -> None:
    a = answers(q1=NO, q2=NO, q6=YES)
    assert risk_level(a, allow_incomplete=True) is RiskLevel.MODERATE


def test_changing_q2_to_no_clears_3_to_5() -> None:
    a = answers(q1=YES, q2=YES, q3=YES, q4=YES, q5=NO)
    b = a.set("q2", False)
    assert (b.q3, b.q4, b.q5) == (None, None, None)
    assert b.set("q6", False).q6_recent is None


def test_acuity_suggestions() -> None:
    assert suggested_acuity(RiskLevel.HIGH) is Acuity.EMERGENT
    assert suggested_acuity(RiskLevel.MODERATE) is Acuity.URGENT
    assert suggested_acuity(RiskLevel.LOW) is Acuity.ROUTINE
    assert suggested_acuity(RiskLevel.NONE) is Acuity.ROUTINE


maybe = st.one_of(st.none(), st.booleans())


def documented_level(a: CssrsAnswers) -> RiskLevel:
    """The rule as DOMAIN.md words it, written independently of the implementation."""
    if a.q4 is True or a.q5 is True or (a.q6 is True and a.q6_recent is True):
        return RiskLevel.HIGH
    if a.q3 is True or (a.q6 is True and a.q6_recent is False):
        return RiskLevel.MODERATE
    if a.q1 is True or a.q2 is True:
        return RiskLevel.LOW
    return RiskLevel.NONE


@given(q1=maybe, q2=maybe, q3=maybe, q4=maybe, q5=maybe, q6=maybe, q6_recent=maybe)
def test_any_answer_set_gives_the_documented_level_or_a_clear_error(**kw: bool | None) -> None:
    a = CssrsAnswers(**kw)
    skip_violated = (a.q2 is not True and any(v is not None for v in (a.q3, a.q4, a.q5))) or (
        a.q6 is not True and a.q6_recent is not None)
    incomplete = any(getattr(a, q) is None for q in questions_to_ask(a))
    if skip_violated or incomplete:
        with pytest.raises(CssrsError) as info:
            risk_level(a)
        assert "question" in str(info.value).lower()
    else:
        assert risk_level(a) is documented_level(a)
