"""Pure rules of paging: team requirements, page text, retry timing.

No I/O and no clock reads: every time is an argument.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from mrss_tui.domain.deadlines import is_past
from mrss_tui.domain.enums import Acuity, RiskLevel, Role, label
from mrss_tui.domain.models import Page, Staff, call_ref
from mrss_tui.domain.text import strip_controls
from mrss_tui.domain.page_fields import DEFAULT_PAGE_FIELDS, PAGE_FIELDS


def team_gaps(required_team: list[list[Role]], members: list[Staff]) -> list[str]:
    """What the profile requires that the chosen team lacks, as words ('a clinician')."""
    roles = {m.role for m in members}
    gaps = []
    for group in required_team:
        if not roles.intersection(group):
            gaps.append(" or ".join(label(r).lower() for r in group))
    return gaps


class PageFacts(BaseModel):
    """What the team needs to go: dispatch essentials, location, acuity, call reference, and
    the C-SSRS risk level in words. Never screening answers or diagnosis; which of the rest a
    page carries is ``paging.page_fields`` (a page travels through SMS gateways and mail
    servers: minimum necessary)."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    call_id: int
    acuity: Acuity | None
    received_at: datetime
    address: str = ""
    town: str = ""
    county: str = ""
    first_name: str = ""
    age: int | None = None
    callback: str = ""
    situation: str = ""
    weapons: bool | None = None
    hazards: str = ""
    violence_history: bool | None = None
    substance_use: bool | None = None
    police_needed: bool | None = None
    cit_police: bool = False
    le_coresponse: bool = False
    risk_level: RiskLevel | None = None
    reassessed_risk: RiskLevel | None = None
    reassessed_at: datetime | None = None
    team_safety: str = ""  # from the risk-to-others screen (risk_others.page_safety_line)


SITUATION_LIMIT = 160


def _yes_no(value: bool | None) -> str:
    return "unknown" if value is None else ("YES" if value else "no")


def page_title(facts: PageFacts) -> str:
    acuity = label(facts.acuity).upper() if facts.acuity else "MOBILE"
    return strip_controls(
        f"{acuity} mobile response {call_ref(facts.call_id)} - {facts.town or 'town unknown'}")


def risk_words(level: RiskLevel | None) -> str:
    """The risk level in words, HIGH in capitals (never colour alone)."""
    if level is None:
        return "not screened"
    return "HIGH" if level is RiskLevel.HIGH else label(level).lower()


def _risk_line(facts: PageFacts, zone: ZoneInfo) -> str:
    line = f"Risk (C-SSRS): {risk_words(facts.risk_level)}"
    if facts.reassessed_risk is not None and facts.reassessed_at is not None:
        line += (f"; re-assessed {risk_words(facts.reassessed_risk)} at "
                 f"{facts.reassessed_at.astimezone(zone):%a %H:%M}")
    return line


def _field_lines(facts: PageFacts, zone: ZoneInfo) -> dict[str, str]:
    person = facts.first_name or "name unknown"
    if facts.age is not None:
        person += f", {facts.age}"
    place = ", ".join(p for p in (facts.address, facts.town) if p)
    if facts.county:
        place += f" ({facts.county} County)"
    police = _yes_no(facts.police_needed)
    if facts.police_needed:
        police += "; CIT officers in town" if facts.cit_police else "; no CIT officers in town"
    if facts.le_coresponse:
        police += "; co-response arranged"
    situation = facts.situation.strip().replace("\n", " ")
    if len(situation) > SITUATION_LIMIT:
        situation = situation[: SITUATION_LIMIT - 1] + "…"
    return {
        "risk": _risk_line(facts, zone),
        "where": f"Where: {place or 'unknown'}",
        "person": f"Person: {person}",
        "callback": f"Callback: {facts.callback or 'none'}",
        "weapons": f"Weapons: {_yes_no(facts.weapons)}; dogs/hazards: "
                   f"{facts.hazards or 'none known'}",
        "violence": f"Violence history: {_yes_no(facts.violence_history)}",
        "substance": f"Substance use: {_yes_no(facts.substance_use)}",
        "police": f"Police coordination: {police}",
        "team_safety": facts.team_safety,
        "situation": f"Situation: {situation}" if situation else "",
    }


def page_body(facts: PageFacts, zone: ZoneInfo,
              fields: tuple[str, ...] | list[str] = DEFAULT_PAGE_FIELDS) -> str:
    """The page text: the title, the call time, then one configured fact per line so it reads
    on a phone's lock screen. Control characters never reach a page."""
    lines = [page_title(facts),
             f"Call at {facts.received_at.astimezone(zone):%H:%M} - reply/ack in mrss"]
    by_field = _field_lines(facts, zone)
    lines += [by_field[f] for f in PAGE_FIELDS if f in fields and by_field[f]]
    return "\n".join(strip_controls(line) for line in lines)


def page_key(page_id: int) -> str:
    """The stable id a receiver sees on every send of one page (to drop repeats)."""
    return f"mrss-page-{page_id}"


def with_page_key(body: str, page_id: int) -> str:
    return f"{body}\nPage id: {page_key(page_id)}"


def retry_at(attempts: int, now: datetime, base_seconds: int) -> datetime:
    """When to try again after ``attempts`` failed tries: base, 2x base, 4x base..."""
    return now + timedelta(seconds=base_seconds * 2 ** max(attempts - 1, 0))


def ack_deadline(paged_at: datetime, ack_timeout_minutes: int) -> datetime:
    return paged_at + timedelta(minutes=ack_timeout_minutes)


def needs_escalation(paged_at: datetime, acknowledged_at: datetime | None, now: datetime,
                     ack_timeout_minutes: int) -> bool:
    """Unacknowledged strictly past the timeout (an ack at the exact minute is in time)."""
    return acknowledged_at is None and is_past(ack_deadline(paged_at, ack_timeout_minutes), now)


class PageToSend(BaseModel):
    """A claimed outbox row with the address to send it to."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    page: Page
    url: str
    title: str
    name: str = ""  # who the page is for (alerts name them)
