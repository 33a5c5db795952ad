"""The parts of the contact form a face-to-face response adds: the second staff member, the
on-scene outcome, the risk-to-others screen and the structured clinical assessment.

``compose_extras`` yields the widgets; ``read_extras`` turns them into ContactForm fields.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Collapsible, Input, Label, Select

from mrss_tui.domain.assessment import MentalStatus, Recommendation, SceneOutcome
from mrss_tui.domain.enums import label
from mrss_tui.domain.records import Staff
from mrss_tui.domain.risk_others import BVC_ITEMS, QUESTIONS, SHORT

YES_NO = [("Yes", "yes"), ("No", "no"), ("Unknown (cannot say)", "unknown")]
OTHERS_ITEMS = [*BVC_ITEMS, *QUESTIONS]


def _row(title: str, control) -> ComposeResult:
    with Horizontal(classes="form-row"):
        yield Label(title, classes="form-label-wide")
        yield control


def compose_extras(staff: list[Staff], *, response: bool, assessment_needed: bool,
                   others: bool) -> ComposeResult:
    """``response``: this would be the first face-to-face contact of the crisis phase (the
    outcome is asked first then); ``assessment_needed``: the profile wants the structured
    clinical assessment with an assessment (okc-crt; other programs get no such section);
    ``others``: the profile screens risk to others."""
    yield from _row("Second staff", Select([(f"{s.name} ({label(s.role)})", s.id) for s in staff],
                                           id="c-second", prompt="Nobody else", compact=True))
    yield from _row("On-scene outcome",
                    Select([(label(o), o.value) for o in SceneOutcome], id="c-outcome",
                           prompt="REQUIRED: how the response ended" if response
                           else "- (face-to-face response only)", compact=True))
    if others:
        with Collapsible(title="Risk to others: Brøset checklist + violence questions "
                               "(optional)", collapsed=True, id="c-others"):
            for item in OTHERS_ITEMS:
                yield from _row(SHORT[item], Select(YES_NO, id=f"o-{item}", prompt="-",
                                                    compact=True))
    if not assessment_needed:
        return
    with Collapsible(title="Clinical assessment - required with an assessment",
                     collapsed=False, id="c-assessment"):
        yield from _row("Mental status", Select([(label(m), m.value) for m in MentalStatus],
                                                id="a-status", prompt="-", compact=True))
        yield from _row("Status note", Input(id="a-note", max_length=500, compact=True))
        yield from _row("Recommends", Select([(label(r), r.value) for r in Recommendation],
                                             id="a-recommendation", prompt="-", compact=True))


def _value(screen, selector: str) -> Any:
    """A Select's value; None when not chosen or not on this program's form."""
    found = screen.query(selector)
    if not found:
        return None
    value = found.first(Select).value
    return None if value == Select.NULL else value


def read_extras(screen) -> dict[str, Any]:
    data: dict[str, Any] = {"second_staff_id": _value(screen, "#c-second"),
                            "outcome": _value(screen, "#c-outcome")}
    others = {item: _value(screen, f"#o-{item}") for item in OTHERS_ITEMS}
    if any(v is not None for v in others.values()):
        data["risk_others"] = {
            **{k: v == "yes" for k, v in others.items() if v in ("yes", "no")},
            "unknown": [k for k, v in others.items() if v == "unknown"]}
    status, recommendation = _value(screen, "#a-status"), _value(screen, "#a-recommendation")
    note = screen.query_one("#a-note", Input).value if screen.query("#a-note") else ""
    if status or recommendation or note.strip():
        data["assessment"] = {"mental_status": status, "recommendation": recommendation,
                              "mental_status_note": note}
    return {k: v for k, v in data.items() if v is not None}
