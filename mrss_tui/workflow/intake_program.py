"""Intake rules that follow the program profile: out-of-area transfers (Connecticut's statewide
2-1-1 line hands a call to another region's provider) and the ages a program serves.

Kept beside workflow/intake.py so the intake form's own module stays small.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from mrss_tui.config import Config
from mrss_tui.domain.enums import Triage


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
    providers = config.program.out_of_area_providers
    if not providers:
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
    providers = config.program.out_of_area_providers
    exact = [p for p in providers if p.casefold() == key]
    starts = [p for p in providers if p.casefold().startswith(key)]
    found = exact or starts
    return found[0] if len(found) == 1 else None


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
    return (f"age {age} is outside what this program serves ({config.program.serves or f'{low}-{high}'}): "
            "answer the crisis, then consider a transfer or referral")


def age_of(birth_date: date | None, stated_age: int | None, today: date) -> int | None:
    from mrss_tui.domain.ages import age_on

    if birth_date is not None:
        return age_on(birth_date, today)
    return stated_age
