"""The C-SSRS screener (Columbia Protocol, screen version) and its risk level.

Skip rule: question 2 "no" goes straight to question 6; questions 3-5 are asked only after a
"yes" to question 2. Question 6 "yes" is followed by "within the past 3 months?".

Risk (DOMAIN.md): high = yes to 4 or 5, or 6 within 3 months; moderate = yes to 3, or 6 more
than 3 months ago; low = yes to 1 or 2 only; none = all no.

A caller (a parent, a teacher) often cannot answer for the person: any question may be answered
"unknown". Such a screener is complete for triage, but its risk is only a floor - "incomplete
(at least LEVEL)" - and it asks for a re-assessment at the first face-to-face contact. Skip
rule with unknowns: questions 3-5 follow only a "yes" to 2; "within 3 months" only a "yes" to 6.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from mrss_tui.domain.answers import STRICT
from mrss_tui.domain.enums import Acuity, RiskLevel

QuestionId = Literal["q1", "q2", "q3", "q4", "q5", "q6", "q6_recent"]

QUESTIONS: dict[str, str] = {
    "q1": "Past month: wished you were dead or wished you could go to sleep and not wake up?",
    "q2": "Past month: had any actual thoughts of killing yourself?",
    "q3": "Thought about how you might do this?",
    "q4": "Had these thoughts and had some intention of acting on them?",
    "q5": "Started to work out or worked out the details of how to kill yourself? "
    "Do you intend to carry out this plan?",
    "q6": "Ever done anything, started to do anything, or prepared to do anything to end your life?",
    "q6_recent": "Was this within the past 3 months?",
}

SHORT: dict[str, str] = {
    "q1": "Wish to be dead",
    "q2": "Suicidal thoughts",
    "q3": "Thoughts of method",
    "q4": "Intent",
    "q5": "Plan with intent",
    "q6": "Suicidal behaviour (ever)",
    "q6_recent": "Within 3 months",
}


class CssrsError(ValueError):
    """Answers that the screener's skip rule does not allow."""


@dataclass(frozen=True, slots=True)
class CssrsAnswers:
    """Yes (True), no (False) or not asked/answered yet (None) for each question; a question in
    ``unknown`` was asked and the caller could not say (its value stays None). Stored as JSON
    (``domain/answers.py``)."""

    __pydantic_config__ = STRICT

    q1: bool | None = None
    q2: bool | None = None
    q3: bool | None = None
    q4: bool | None = None
    q5: bool | None = None
    q6: bool | None = None
    q6_recent: bool | None = None
    unknown: tuple[QuestionId, ...] = ()

    def answered(self) -> bool:
        return bool(self.unknown) or any(getattr(self, q) is not None for q in QUESTIONS)

    def set(self, question: str, value: bool | None) -> "CssrsAnswers":
        """A copy with one answer changed; answers the skip rule no longer asks are cleared."""
        data = asdict(self)
        data[question] = value
        data["unknown"] = tuple(q for q in self.unknown if q != question)
        return _skip(data)

    def set_unknown(self, question: str) -> "CssrsAnswers":
        """A copy where the caller could not answer ``question``."""
        data = asdict(self)
        data[question] = None
        data["unknown"] = tuple(q for q in self.unknown if q != question) + (question,)
        return _skip(data)

    def is_unknown(self, question: str) -> bool:
        return question in self.unknown


def _skip(data: dict) -> CssrsAnswers:
    """Clear the answers (and unknowns) the skip rule no longer asks."""
    dropped: set[str] = set()
    if data["q2"] is not True:
        data["q3"] = data["q4"] = data["q5"] = None
        dropped |= {"q3", "q4", "q5"}
    if data["q6"] is not True:
        data["q6_recent"] = None
        dropped.add("q6_recent")
    data["unknown"] = tuple(q for q in data["unknown"] if q not in dropped)
    return CssrsAnswers(**data)


def check_consistent(answers: CssrsAnswers) -> None:
    """Raise CssrsError if answers were given to questions the skip rule does not ask."""
    if answers.q2 is not True:
        extra = [q for q in ("q3", "q4", "q5")
                 if getattr(answers, q) is not None or q in answers.unknown]
        if extra:
            said = "no" if answers.q2 is False else "not answered"
            raise CssrsError(
                f"Questions 3-5 are asked only when question 2 is yes (question 2 is {said}); "
                f"clear the answers to {', '.join(q[1:] for q in extra)}"
            )
    if answers.q6 is not True and (answers.q6_recent is not None
                                   or "q6_recent" in answers.unknown):
        raise CssrsError("'Within the past 3 months' is asked only when question 6 is yes")


def questions_to_ask(answers: CssrsAnswers) -> list[str]:
    """The questions the skip rule asks, in order, given the answers so far."""
    order = ["q1", "q2"]
    if answers.q2 is True:
        order += ["q3", "q4", "q5"]
    order.append("q6")
    if answers.q6 is True:
        order.append("q6_recent")
    return order


def next_question(answers: CssrsAnswers) -> str | None:
    """The first question the skip rule still asks that has no answer (unknown is an answer);
    None when complete."""
    for question in questions_to_ask(answers):
        if getattr(answers, question) is None and question not in answers.unknown:
            return question
    return None


def is_partial(answers: CssrsAnswers) -> bool:
    """Some question the skip rule asks was answered "unknown": the risk is only a floor."""
    return any(q in answers.unknown for q in questions_to_ask(answers))


def is_complete(answers: CssrsAnswers) -> bool:
    return next_question(answers) is None


def risk_level(answers: CssrsAnswers, *, allow_incomplete: bool = False) -> RiskLevel:
    """The screener's risk level.

    With ``allow_incomplete`` the level implied by the answers given so far is returned (it can
    only rise as more answers come); otherwise incomplete answers raise CssrsError. With
    unknown answers (``is_partial``) the level is a floor: "at least" this.
    """
    check_consistent(answers)
    if not allow_incomplete and not is_complete(answers):
        missing = next_question(answers)
        raise CssrsError(f"The screener is incomplete: question {missing[1:]} has no answer")
    if answers.q4 or answers.q5 or (answers.q6 and answers.q6_recent):
        return RiskLevel.HIGH
    if answers.q3 or (answers.q6 and answers.q6_recent is False):
        return RiskLevel.MODERATE
    if answers.q6 and (allow_incomplete or "q6_recent" in answers.unknown):
        # Behaviour reported but recency not (yet) known: at least moderate.
        return RiskLevel.MODERATE
    if answers.q1 or answers.q2:
        return RiskLevel.LOW
    return RiskLevel.NONE


def suggested_acuity(level: RiskLevel) -> Acuity:
    """The acuity a risk level suggests; the coordinator may choose otherwise."""
    return {
        RiskLevel.HIGH: Acuity.EMERGENT,
        RiskLevel.MODERATE: Acuity.URGENT,
    }.get(level, Acuity.ROUTINE)
