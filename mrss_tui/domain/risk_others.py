"""Risk to others: the Brøset Violence Checklist (BVC) plus a dispatcher's four questions.

The BVC (Almvik, Woods & Rasmussen 2000; freely usable) scores six behaviours seen in the last
24 hours, each present = 1: confused, irritable, boisterous, verbal threats, physical threats,
attacking objects. Its published cut-offs: 0 low, 1-2 moderate, 3 or more high risk of violence
in the next 24 hours. A crisis line that answers 911 also asks: homicidal or violent thoughts
with a plan or intent, violence in the recent past, access to weapons, command hallucinations.

The level (same vocabulary as the C-SSRS so the two can be compared and shown side by side):
- high: BVC 3+, or violent thoughts with a plan or intent, or command hallucinations together
  with recent violence or weapons access;
- moderate: BVC 1-2, or recent violence, or command hallucinations, or violent thoughts without
  a plan;
- low: only weapons access (a fact the team must know, not a sign of intent);
- none: nothing present.

A caller often cannot say (is there a weapon in the house?): any item may be answered
"unknown". The level is then only a floor ("incomplete (at least LEVEL)"), as with the C-SSRS.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from mrss_tui.domain.answers import STRICT
from mrss_tui.domain.enums import Acuity, RiskLevel

INSTRUMENT = "Brøset Violence Checklist (BVC) + violence questions"

BVC_ITEMS: dict[str, str] = {
    "confused": "Confused (disoriented to time, place or person)",
    "irritable": "Irritable (easily annoyed or angered)",
    "boisterous": "Boisterous (loud, slamming doors)",
    "verbal_threats": "Verbal threats (yelling, intimidating)",
    "physical_threats": "Physical threats (raised fists, threatening stance)",
    "attacking_objects": "Attacking objects (throwing, kicking, smashing)",
}

QUESTIONS: dict[str, str] = {
    "violent_ideation": "Thoughts of hurting or killing someone?",
    "plan_or_intent": "A plan or intent to act on them?",
    "recent_violence": "Violence toward someone recently (past month)?",
    "weapons_access": "Access to a weapon (gun, knife) now?",
    "command_hallucinations": "Voices telling them to hurt someone (command hallucinations)?",
}

SHORT: dict[str, str] = {
    "confused": "Confused", "irritable": "Irritable", "boisterous": "Boisterous",
    "verbal_threats": "Verbal threats", "physical_threats": "Physical threats",
    "attacking_objects": "Attacking objects", "violent_ideation": "Violent thoughts",
    "plan_or_intent": "Plan/intent", "recent_violence": "Recent violence",
    "weapons_access": "Weapons access", "command_hallucinations": "Command hallucinations",
}


ItemId = Literal["confused", "irritable", "boisterous", "verbal_threats", "physical_threats",
                 "attacking_objects", "violent_ideation", "plan_or_intent", "recent_violence",
                 "weapons_access", "command_hallucinations"]


@dataclass(frozen=True, slots=True)
class RiskOthersAnswers:
    """Yes (True), no (False) or not asked (None) for each item; an item in ``unknown`` was
    asked and the caller could not say (its value stays None). Stored as JSON
    (``domain/answers.py``)."""

    __pydantic_config__ = STRICT

    confused: bool | None = None
    irritable: bool | None = None
    boisterous: bool | None = None
    verbal_threats: bool | None = None
    physical_threats: bool | None = None
    attacking_objects: bool | None = None
    violent_ideation: bool | None = None
    plan_or_intent: bool | None = None
    recent_violence: bool | None = None
    weapons_access: bool | None = None
    command_hallucinations: bool | None = None
    unknown: tuple[ItemId, ...] = ()

    def answered(self) -> bool:
        return bool(self.unknown) or any(getattr(self, item) is not None for item in SHORT)

    def set(self, item: str, value: bool | None) -> "RiskOthersAnswers":
        data = asdict(self)
        data[item] = value
        data["unknown"] = tuple(i for i in self.unknown if i != item)
        return _skip(data)

    def set_unknown(self, item: str) -> "RiskOthersAnswers":
        """A copy where the caller could not say ``item``."""
        data = asdict(self)
        data[item] = None
        data["unknown"] = tuple(i for i in self.unknown if i != item) + (item,)
        return _skip(data)

    def is_unknown(self, item: str) -> bool:
        return item in self.unknown

    def is_partial(self) -> bool:
        """Some item was answered "unknown": the level is only a floor."""
        return bool(self.unknown)

    def present(self) -> list[str]:
        """Short names of every item answered yes (for the page and the timeline)."""
        return [SHORT[k] for k in SHORT if getattr(self, k)]


def _skip(data: dict) -> RiskOthersAnswers:
    if data["violent_ideation"] is not True:
        data["plan_or_intent"] = None  # asked only after a yes to violent thoughts
        data["unknown"] = tuple(i for i in data["unknown"] if i != "plan_or_intent")
    return RiskOthersAnswers(**data)


def bvc_score(answers: RiskOthersAnswers) -> int:
    return sum(1 for item in BVC_ITEMS if getattr(answers, item))


def bvc_level(score: int) -> RiskLevel:
    """The BVC's own cut-offs: 0 low (here none: nothing observed), 1-2 moderate, 3+ high."""
    if score >= 3:
        return RiskLevel.HIGH
    return RiskLevel.MODERATE if score >= 1 else RiskLevel.NONE


def others_level(answers: RiskOthersAnswers) -> RiskLevel:
    a = answers
    levels = [bvc_level(bvc_score(a))]
    if a.violent_ideation and a.plan_or_intent:
        levels.append(RiskLevel.HIGH)
    elif a.violent_ideation:
        levels.append(RiskLevel.MODERATE)
    if a.command_hallucinations:
        levels.append(RiskLevel.HIGH if (a.recent_violence or a.weapons_access)
                      else RiskLevel.MODERATE)
    if a.recent_violence:
        levels.append(RiskLevel.MODERATE)
    if a.weapons_access:
        levels.append(RiskLevel.LOW)
    return max(levels, key=lambda level: level.rank)


def combined_level(self_level: RiskLevel | None, others: RiskLevel | None) -> RiskLevel | None:
    """The higher of risk to self and risk to others (None when neither was screened)."""
    found = [level for level in (self_level, others) if level is not None]
    return max(found, key=lambda level: level.rank) if found else None


def suggested_acuity(self_level: RiskLevel | None, others: RiskLevel | None) -> Acuity | None:
    """Acuity from the higher of the two risks: high -> emergent, moderate -> urgent."""
    level = combined_level(self_level, others)
    if level is None:
        return None
    return {RiskLevel.HIGH: Acuity.EMERGENT, RiskLevel.MODERATE: Acuity.URGENT}.get(
        level, Acuity.ROUTINE)


PAGE_WORDS: dict[str, str] = {
    "verbal_threats": "verbal threats", "physical_threats": "physical threats",
    "attacking_objects": "attacking objects", "violent_ideation": "thoughts of hurting someone",
    "recent_violence": "recent violence", "weapons_access": "weapon access",
    "command_hallucinations": "command voices",
}


def page_safety_line(answers: RiskOthersAnswers | None) -> str:
    """One line for the team's page: how much care the approach needs and the observable signs
    (no scores or instrument answers beyond what the team must know to arrive safely)."""
    if answers is None or not answers.answered():
        return ""
    level = others_level(answers)
    signs = [word for item, word in PAGE_WORDS.items() if getattr(answers, item)]
    unknown = [PAGE_WORDS.get(item, SHORT[item].lower()) for item in answers.unknown]
    if unknown:
        signs.append(f"unknown: {', '.join(unknown)}")
    if level is RiskLevel.NONE and not signs:
        return "Team safety: no signs of violence reported"
    concern = {RiskLevel.HIGH: "HIGH CONCERN", RiskLevel.MODERATE: "caution",
               RiskLevel.LOW: "note"}.get(level, "note")
    return f"Team safety: {concern}" + (f" - {', '.join(signs)}" if signs else "")
