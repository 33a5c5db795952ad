"""Words for timeline entries of contacts and follow-ups (pure: rows in, text out).

Everything a contact recorded is shown again here: who delivered it, the note, the risk to self
and to others, the medical screen's vitals, the clinical assessment and the on-scene outcome.
"""

from __future__ import annotations

from typing import Any

from mrss_tui.domain.enums import label
from mrss_tui.domain.models import Contact
from mrss_tui.domain.risk_summary import contact_risk_words
from mrss_tui.domain.stored_rows import decoded_json

OUTCOME_LABELS = {
    "stabilized_in_place": "Stabilized in place",
    "voluntary_transport": "Voluntary transport to ED/crisis center",
    "involuntary_hold": "Involuntary hold",
    "arrest": "Arrest",
    "refused_not_found": "Refused / not found",
    "other": "Other",
}


def medical_text(medical: dict[str, Any] | None) -> str:
    """'HR 96, BP 128/84, SpO2 97%; medically cleared; no transport'."""
    if not medical:
        return ""
    from mrss_tui.domain.episodes import MedicalScreen

    screen = MedicalScreen.model_validate(medical)
    text = (f"medical screen: {screen.vitals_text()}; "
            f"{'medically cleared' if screen.medically_cleared else 'NOT medically cleared'}; "
            f"{'transport needed' if screen.transport_needed else 'no transport'}")
    return text + (f" ({screen.note})" if screen.note else "")


def assessment_text(assessment: dict[str, Any] | None) -> str:
    if not assessment:
        return ""
    status = assessment.get("mental_status")
    parts = [f"clinical assessment: mental status {label(status) if status else '-'}"]
    if assessment.get("mental_status_note"):
        parts[0] += f" ({assessment['mental_status_note']})"
    # Its risks are the contact's own, already in the entry's words (contact_risk_words).
    if assessment.get("recommendation"):
        parts.append(f"recommends {label(assessment['recommendation']).lower()}")
    return "; ".join(parts)


def contact_text(row: dict[str, Any]) -> str:
    services = ", ".join(label(s) for s in decoded_json(row.get("services") or "[]"))
    staff = " and ".join(n for n in (row.get("staff_name"), row.get("second_name")) if n)
    if not row.get("successful", 1):
        text = f"Attempted contact: {label(row['mode'])} (not reached)"
    else:
        text = f"Contact: {label(row['mode'])}, {row.get('minutes', 0)} min ({services})"
    if staff:
        text += f" by {staff}"
    risk = contact_risk_words(Contact.model_validate(row))
    if risk:
        text += f"; {risk}"
    if row.get("outcome"):
        text += f"; outcome: {OUTCOME_LABELS.get(row['outcome'], row['outcome'])}"
    for extra in (medical_text(decoded_json(row.get("medical"))),
                  assessment_text(decoded_json(row.get("assessment")))):
        if extra:
            text += f"; {extra}"
    if row.get("note"):
        text += f" - {row['note']}"
    return text


def followup_what(kind: str, note: str) -> str:
    """A follow-up's task: the text typed for it, else its kind ('First contact', 'Weekly 2')."""
    return note.strip() or label(kind)
