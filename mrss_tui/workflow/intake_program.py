"""Intake rules that follow the program profile: out-of-area transfers (Connecticut's statewide
2-1-1 line hands a call to another region's provider) and the ages a program serves.

Kept beside workflow/intake.py so the intake form's own module stays small.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Protocol

from mrss_tui.config import Config, OutOfAreaProvider
from mrss_tui.domain.enums import Acuity, FollowupOrigin, RiskLevel, Triage
from mrss_tui.domain.episodes import HANDOFF_CHECK_KIND
from mrss_tui.domain.models import Call, Episode
from mrss_tui.workflow.context import Session
from mrss_tui.workflow.permissions import Action


class TriagedForm(Protocol):
    """What these rules read of an intake form (intake imports this module, not the reverse)."""

    triage: Triage | None
    town: str
    transferred_to: str

TOWN_LIMIT = 60


def check_out_of_area(form: TriagedForm, config: Config, problems: dict[str, str]) -> str:
    """The provider an out-of-area call went to ('' for any other triage). An out-of-area call
    needs no team and no town from the list: the town is kept as typed."""
    if form.triage is not Triage.OUT_OF_AREA:
        return ""
    if not config.program.out_of_area_providers:
        problems["triage"] = ("this program has no out-of-area providers configured "
                              "([program].out_of_area_providers)")
        return ""
    chosen = resolve_provider(config, form.transferred_to)
    if chosen is None:
        problems["transferred_to"] = "choose the provider the call was transferred to"
        return ""
    if len(form.town.strip()) > TOWN_LIMIT:
        problems["town"] = f"at most {TOWN_LIMIT} characters"
    return chosen


def resolve_provider(config: Config, text: str) -> str | None:
    """The configured provider named (or uniquely begun) by ``text``."""
    key = text.strip().casefold()
    if not key:
        return None
    providers = config.program.provider_names
    exact = [p for p in providers if p.casefold() == key]
    starts = [p for p in providers if p.casefold().startswith(key)]
    found = exact or starts
    return found[0] if len(found) == 1 else None


def provider_named(config: Config, name: str) -> OutOfAreaProvider | None:
    return next((p for p in config.program.out_of_area_providers if p.name == name), None)


def out_of_area_county(config: Config, town: str, provider_name: str) -> str:
    """The county an out-of-area call counts under: its town's (from the profile's list of
    towns outside the area, or typed as 'Town, County'), else the one county its provider
    serves; '' only when neither says."""
    words = " ".join(town.split())
    known = {t.casefold(): c for t, c in config.program.out_of_area_towns.items()}
    if words.casefold() in known:
        return known[words.casefold()]
    provider = provider_named(config, provider_name)
    counties = {c.casefold(): c for c in [*known.values(), *(
        c for p in config.program.out_of_area_providers for c in p.counties)]}
    _town, _, after = words.rpartition(",")
    named = after.strip().casefold().removesuffix(" county").strip()
    if _town and named in counties:
        return counties[named]
    if provider is not None and len(provider.counties) == 1:
        return provider.counties[0]
    return ""


def hands_off_to_adult_service(config: Config, provider_name: str, risk: RiskLevel | None,
                               others: RiskLevel | None, acuity: Acuity | None) -> bool:
    """A high-risk call handed to the adult service: someone must check it was taken."""
    provider = provider_named(config, provider_name)
    if provider is None or not provider.adult_service:
        return False
    return RiskLevel.HIGH in (risk, others) or acuity is Acuity.EMERGENT


def handoff_check_note(provider: OutOfAreaProvider) -> str:
    phone = f" (call {provider.phone})" if provider.phone else ""
    return f"Did {provider.name} take it?{phone} Log the call; close when they have"


def out_of_area_town(form: TriagedForm) -> str:
    """An out-of-area call keeps the town as the caller said it (it is in no configured list)."""
    if form.triage is not Triage.OUT_OF_AREA:
        return ""
    return " ".join(form.town.split())[:TOWN_LIMIT]


def age_outside_served(config: Config, age: int | None) -> str:
    """A warning (not a refusal: a crisis is answered first) when the age is outside what the
    program serves; '' when inside or unknown."""
    if age is None:
        return ""
    low, high = config.program.serves_ages
    if low <= age <= high:
        return ""
    served = config.program.serves or f"{low}-{high}"
    adults = config.program.adult_service
    if adults is not None and age > high:
        return (f"age {age} is outside what this program serves ({served}): answer the crisis, "
                f"then transfer to {adults.name} (triage o)")
    return (f"age {age} is outside what this program serves ({served}): "
            "answer the crisis, then consider a transfer or referral")


def age_of(birth_date: date | None, stated_age: int | None, today: date) -> int | None:
    from mrss_tui.domain.ages import age_on

    if birth_date is not None:
        return age_on(birth_date, today)
    return stated_age


def book_handoff_check(session: Session, call: Call, at: datetime) -> Episode:
    """Keep a high-risk call handed to the adult service in sight: an episode with no dispatch
    (the coordinator who handed it on is its team, so it is in their caseload) and a follow-up
    "did they take it?" due after the profile's minutes (the follow-up machinery raises the
    overdue alert if nobody checks). Runs inside the intake's transaction."""
    session.require(Action.TAKE_CALL)
    store, actor = session.store, session.actor.login
    provider = provider_named(session.config, call.transferred_to) or OutOfAreaProvider(
        name=call.transferred_to)  # hands_off_to_adult_service found it; never None here
    episode = store.episodes.open(actor, call_id=call.id, person_id=call.person_id, at=at)
    if session.actor.staff_id is not None:
        store.episodes.add_team_member(actor, episode.id, session.actor.staff_id)
    store.followups.add(actor, episode_id=episode.id, kind=HANDOFF_CHECK_KIND,
                        due_at=at + timedelta(minutes=session.config.program.handoff_check_minutes),
                        origin=FollowupOrigin.RULE, assigned_to=session.actor.staff_id,
                        note=handoff_check_note(provider))
    return episode


def handoff_booked(config: Config, episode: Episode) -> str:
    minutes = config.program.handoff_check_minutes
    return (f"High risk handed to the adult service: {episode.ref} stays open with a "
            f"'did they take it?' check due in {minutes} min")
