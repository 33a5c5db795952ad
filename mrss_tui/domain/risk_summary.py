"""The one risk summary every view shows: risk to self (the C-SSRS screener) and risk to
others (the Brøset checklist and violence questions), each from its latest assessment - the
call's screen at intake or a later re-assessment - with when it was assessed and whether an
"unknown" answer leaves it only a floor.

Screens, the page, the print and the lists all render ``risk_words`` of a ``RiskSummary``
(widgets/risk_text.py only colours it), so a violent adult never reads "None" on one screen
and HIGH on another, and an incomplete screen reads "incomplete (at least LEVEL)" everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable, Mapping
from zoneinfo import ZoneInfo

from mrss_tui.domain import cssrs
from mrss_tui.domain.answers import from_stored
from mrss_tui.domain.cssrs import CssrsAnswers
from mrss_tui.domain.enums import RiskLevel, label
from mrss_tui.domain.risk_others import RiskOthersAnswers, others_level
from mrss_tui.domain.stored_rows import decoded_json, stored_time

SELF, OTHERS = "self", "others"


# Frozen dataclasses, not pydantic models: built only from stored, checked values, and the
# board shows them in its first frame, which must not wait for pydantic (issue 24).
@dataclass(frozen=True, slots=True, kw_only=True)
class RiskReading:
    """One risk as one assessment found it."""

    level: RiskLevel
    partial: bool = False  # an "unknown" answer (or an unfinished screen): the level is a floor
    at: datetime
    reassessed: bool = False  # False: the call's screen at intake


@dataclass(frozen=True, slots=True, kw_only=True)
class RiskSummary:
    """Risk to self and to others as they stand now, and what intake said of each."""

    to_self: RiskReading | None = None
    to_others: RiskReading | None = None
    intake_self: RiskReading | None = None
    intake_others: RiskReading | None = None
    screens_others: bool = False  # the program screens risk to others: its absence is said

    def readings(self) -> list[tuple[str, RiskReading]]:
        return [(who, r) for who, r in ((SELF, self.to_self), (OTHERS, self.to_others)) if r]

    @property
    def top(self) -> RiskReading | None:
        """The reading that decides: the higher level; at a tie a floor (it may be higher)."""
        found = [r for _who, r in self.readings()]
        return max(found, key=lambda r: (r.level.rank, r.partial)) if found else None

    @property
    def level(self) -> RiskLevel | None:
        return self.top.level if self.top else None

    @property
    def partial(self) -> bool:
        return bool(self.top and self.top.partial)

    def top_who(self) -> str:
        """'self', 'others' or 'self+others' (both at the top level)."""
        top = self.top
        return "+".join(who for who, r in self.readings()
                        if top and (r.level, r.partial) == (top.level, top.partial))


# -- building a summary ------------------------------------------------------------------------


def self_reading(level: RiskLevel | None, answers: CssrsAnswers | None, at: datetime | None,
                 reassessed: bool = False) -> RiskReading | None:
    """The C-SSRS as one assessment left it (None: not screened)."""
    answered = answers is not None and answers.answered()
    if at is None or (level is None and not answered):
        return None
    partial = False
    if answered:
        partial = cssrs.is_partial(answers) or not cssrs.is_complete(answers)
        if level is None:
            level = cssrs.risk_level(answers, allow_incomplete=True)
    return RiskReading(level=level, partial=partial, at=at, reassessed=reassessed)


def others_reading(level: RiskLevel | None, answers: RiskOthersAnswers | None,
                   at: datetime | None, reassessed: bool = False) -> RiskReading | None:
    """The risk-to-others screen as one assessment left it (None: not screened)."""
    answered = answers is not None and answers.answered()
    if at is None or (level is None and not answered):
        return None
    if level is None:
        level = others_level(answers)
    return RiskReading(level=level, partial=bool(answered and answers.is_partial()), at=at,
                       reassessed=reassessed)


def summarize_risk(intake_self: RiskReading | None, intake_others: RiskReading | None,
                   latest_self: RiskReading | None = None,
                   latest_others: RiskReading | None = None, *,
                   screens_others: bool = False) -> RiskSummary:
    """Each risk from its latest assessment; intake's stays for the record."""
    return RiskSummary(to_self=latest_self or intake_self, to_others=latest_others or intake_others,
                       intake_self=intake_self, intake_others=intake_others,
                       screens_others=screens_others)


def call_risk(call: Any, contacts: Iterable[Any] = (), *,
              screens_others: bool = False) -> RiskSummary:
    """A stored call (models.Call) and its episode's contacts (models.Contact, any order)."""
    latest_self = latest_others = None
    for contact in sorted(contacts, key=lambda c: c.at):
        latest_self = self_reading(contact.risk_level, contact.cssrs, contact.at, True) or latest_self
        latest_others = others_reading(contact.others_level, contact.risk_others, contact.at,
                                       True) or latest_others
    return summarize_risk(self_reading(call.risk_level, call.cssrs, call.received_at),
                          others_reading(call.others_level, call.risk_others, call.received_at),
                          latest_self, latest_others, screens_others=screens_others)


def columns_risk(row: Mapping[str, Any]) -> RiskSummary:
    """A list row's risk from the columns of ``store.risk_columns.risk_columns_sql`` (the
    call's screens at intake, the episode's latest re-assessment of each), as ``call_risk``
    makes it for one call. The JSON columns are decoded here, when the row is read."""
    at = stored_time(row["risk_intake_at"])
    latest_self = latest_others = None
    if found := decoded_json(row["risk_latest_self"]):
        latest_self = self_reading(RiskLevel(found["level"]),
                                   _answers(CssrsAnswers, found.get("cssrs")),
                                   stored_time(found["at"]), True)
    if found := decoded_json(row["risk_latest_others"]):
        latest_others = others_reading(RiskLevel(found["level"]),
                                       _answers(RiskOthersAnswers, found.get("answers")),
                                       stored_time(found["at"]), True)
    return summarize_risk(
        self_reading(_level(row["risk_intake_self"]),
                     _answers(CssrsAnswers, row["risk_intake_cssrs"]), at),
        others_reading(_level(row["risk_intake_others"]),
                       _answers(RiskOthersAnswers, row["risk_intake_others_answers"]), at),
        latest_self, latest_others)


def _answers(cls: type, value: Any) -> Any:
    return None if value is None else from_stored(cls, value)


def _level(value: str | None) -> RiskLevel | None:
    return None if value is None else RiskLevel(value)


# -- words ---------------------------------------------------------------------------------------


def level_words(reading: RiskReading, *, short: bool = False) -> str:
    """'HIGH', 'Moderate', 'None'; a floor: 'incomplete (at least Low)', never a bare level."""
    word = "HIGH" if reading.level is RiskLevel.HIGH else label(reading.level)
    if short and reading.level is RiskLevel.MODERATE:
        word = "Mod"
    if not reading.partial or reading.level is RiskLevel.HIGH:
        return word  # nothing is above HIGH: an unknown answer cannot make it more
    if reading.level is RiskLevel.NONE:
        return "incompl." if short else "incomplete (nothing reported so far)"
    return f"incompl ≥{word}" if short else f"incomplete (at least {word})"


def contact_risk_words(contact: Any) -> str:
    """What one contact's re-assessment found: 'risk to self Low; risk to others incomplete
    (at least Moderate)' ('' when it assessed neither). ``contact``: models.Contact."""
    found = [(SELF, self_reading(contact.risk_level, contact.cssrs, contact.at, True)),
             (OTHERS, others_reading(contact.others_level, contact.risk_others, contact.at, True))]
    return "; ".join(f"risk to {who} {level_words(r)}" for who, r in found if r is not None)


def _when(reading: RiskReading, zone: ZoneInfo) -> str:
    at = reading.at.astimezone(zone).strftime("%a %d %b %H:%M")
    return f"re-assessed {at}" if reading.reassessed else f"at intake {at}"


def risk_words(summary: RiskSummary | None, zone: ZoneInfo, *, short: bool = False) -> str:
    """The summary in words.

    short (a table cell): 'HIGH others', 'incompl ≥Low self', 'Mod self 14:05' (re-assessed).
    long: 'Risk HIGH to others, None to self (at intake Sat 05 Dec 14:02)'; each risk with its
    own time when they differ, and intake's level when a re-assessment changed it.
    """
    readings = summary.readings() if summary else []
    if not readings:
        return "not screened" if short else "Risk not screened"
    assert summary is not None and summary.top is not None
    if short:
        top = summary.top
        text = f"{level_words(top, short=True)} {summary.top_who()}"
        return text + (f" {top.at.astimezone(zone):%H:%M}" if top.reassessed else "")
    ordered = sorted(readings, key=lambda item: item[1] is not summary.top)
    same_time = (len({r.at for _who, r in readings}) == 1
                 and not any(r.reassessed for _who, r in readings))
    parts = []
    for who, reading in ordered:
        part = f"{level_words(reading)} to {who}"
        intake = summary.intake_self if who == SELF else summary.intake_others
        if not same_time:
            part += f" ({_when(reading, zone)}"
            if reading.reassessed and intake is not None and (
                    level_words(intake) != level_words(reading)):
                part += f"; intake {level_words(intake)}"
            part += ")"
        parts.append(part)
    text = "Risk " + ", ".join(parts)
    if same_time:
        text += f" ({_when(readings[0][1], zone)})"
    if summary.to_self is None:
        text += "; to self not screened"
    if summary.to_others is None and summary.screens_others:
        text += "; to others not screened"  # (a program that screens only risk to self: silent)
    return text
