"""Intake pieces that follow the program profile: the triage choices (with "out of area" where
the profile lists other providers) and the note when an age is outside what the program serves."""

from __future__ import annotations

from datetime import datetime

from mrss_tui.config import Config
from mrss_tui.domain.enums import Triage
from mrss_tui.widgets.choice import Option
from mrss_tui.workflow.intake_program import (
    age_of,
    age_outside_served,
    out_of_area_county,
    provider_named,
    resolve_provider,
)

TRIAGE_OPTIONS = [Option("m", Triage.MOBILE_DISPATCH, "Mobile"),
                  Option("p", Triage.PHONE_ONLY, "Phone only"),
                  Option("t", Triage.TRANSFER_911, "To 911/EMS"),
                  Option("r", Triage.REFERRAL_ONLY, "Referral"),
                  Option("i", Triage.INFORMATION, "Info")]
OUT_OF_AREA = Option("o", Triage.OUT_OF_AREA, "Out of area")


def age_placeholder(config: Config) -> str:
    """The born/age hint in the program's own terms: an adult program's example is an adult."""
    if config.program.age_bands == "adult":
        return "1991-04-02, 4/2/1991 or an age: 34"
    return "2011-04-02, 4/2/2011 or an age: 14"


def triage_options(config: Config) -> list[Option]:
    return TRIAGE_OPTIONS + ([OUT_OF_AREA] if config.program.out_of_area_providers else [])


def age_note(config: Config, born_or_age: str, now: datetime) -> str:
    """'  ! age 34 is outside what this program serves (...)' or '' (also for unreadable input:
    the field's own problem says that)."""
    from mrss_tui.workflow.intake import parse_born_or_age

    today = now.astimezone(config.zone).date()
    try:
        born, stated = parse_born_or_age(born_or_age, today)
    except ValueError:
        return ""
    warning = age_outside_served(config, age_of(born, stated, today))
    return f"  ! {warning}" if warning else ""


def transfer_note(config: Config, provider_text: str, town_text: str) -> str:
    """What the coordinator needs to hand a call on: the provider's number, the county the call
    counts under, and the program's transfer steps."""
    name = resolve_provider(config, provider_text)
    provider = provider_named(config, name) if name else None
    lines = []
    if provider is None:
        lines.append("  Type the provider (tab completes): " + "; ".join(
            p.name for p in config.program.out_of_area_providers))
    else:
        lines.append(f"  {provider.name}: {provider.phone or 'no number configured'}")
        county = out_of_area_county(config, town_text, provider.name)
        lines.append(f"  Counts under {county} County" if county else
                     "  County unknown: type the town as 'Town, County'")
    lines += [f"  {n}. {step}" for n, step in enumerate(config.program.transfer_steps, 1)]
    return "\n".join(lines)
