"""Intake pieces that follow the program profile: the triage choices (with "out of area" where
the profile lists other providers) and the note when an age is outside what the program serves."""

from __future__ import annotations

from datetime import datetime

from mrss_tui.config import Config
from mrss_tui.domain.enums import Triage
from mrss_tui.widgets.choice import Option
from mrss_tui.workflow.intake_program import age_of, age_outside_served

TRIAGE_OPTIONS = [Option("m", Triage.MOBILE_DISPATCH, "Mobile"),
                  Option("p", Triage.PHONE_ONLY, "Phone only"),
                  Option("t", Triage.TRANSFER_911, "To 911/EMS"),
                  Option("r", Triage.REFERRAL_ONLY, "Referral"),
                  Option("i", Triage.INFORMATION, "Info")]
OUT_OF_AREA = Option("o", Triage.OUT_OF_AREA, "Out of area")


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
