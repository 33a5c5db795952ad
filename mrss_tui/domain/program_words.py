"""Words that follow the program profile: crisis numbers handed to families, and whether the
program speaks of "the family" (youth programs) or "the person and their supports" (adults)."""

from __future__ import annotations

from mrss_tui.config import Config

FALLBACK_NUMBERS = ["988 Suicide & Crisis Lifeline", "Emergency: 911"]


def crisis_numbers(config: Config) -> list[str]:
    return list(config.program.crisis_numbers) or FALLBACK_NUMBERS


def program_contact(config: Config) -> str:
    """'Metro Crisis Response Team: 911, ask for the Crisis Response Team' (the name alone
    when no number is configured)."""
    phone = config.program.phone.strip()
    return f"{config.program.name}: {phone}" if phone else config.program.name


def crisis_line(config: Config) -> str:
    """One sentence for the foot of anything handed to a family or person."""
    return "In a crisis, at any time: " + "; ".join(crisis_numbers(config)) + "."


def supports(config: Config) -> str:
    """'family' (youth programs) or 'family or supports' (programs serving adults)."""
    return config.program.supports_word


def connect_question(config: Config) -> str:
    """The referral check's wording: 'Did the family connect?' / 'Did the person connect?'."""
    who = "family" if config.program.age_bands == "youth" else config.program.person_word
    return f"Did the {who} connect?"
