"""Phone numbers as intake takes them: parse what the coordinator typed, keep the normalised
E.164 form, and say plainly when a number cannot be right. Pure: no I/O.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from types import ModuleType

DEFAULT_PHONE_REGION = "US"


def _phonenumbers() -> ModuleType:
    """phonenumbers loads its metadata on import (tens of ms): the board's first frame, which
    imports this module through the page and call-fact wording, must not pay for it."""
    return importlib.import_module("phonenumbers")


@dataclass(frozen=True)
class PhoneCheck:
    """A typed phone number, parsed: ``e164`` is what is stored when the number is usable."""

    text: str
    e164: str = ""
    valid: bool = False
    problem: str = ""

    @property
    def display(self) -> str:
        return shown_number(self.e164) if self.e164 else self.text


def shown_number(stored: str, region: str = DEFAULT_PHONE_REGION) -> str:
    """How a stored number reads on every screen, page and print: a number of the line's own
    country in its national form ("(541) 555-0123"), which a team reads back and dials at a
    glance; any other in international form. Text that is not a number is shown as stored."""
    if not stored:
        return ""
    phonenumbers = _phonenumbers()
    try:
        parsed = phonenumbers.parse(stored, region)
    except phonenumbers.NumberParseException:
        return stored
    if phonenumbers.region_code_for_number(parsed) == region:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def check_phone(text: str, region: str = DEFAULT_PHONE_REGION) -> PhoneCheck:
    """Parse a typed number. Impossible numbers get a problem; possible-but-unassigned ones are
    kept (normalised) with ``valid=False`` so the screen can flag them without losing them."""
    text = text.strip()
    if not text:
        return PhoneCheck(text)
    phonenumbers = _phonenumbers()
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return PhoneCheck(text, problem="not a phone number")
    if not phonenumbers.is_possible_number(parsed):
        return PhoneCheck(text, problem="cannot be a valid number (wrong length)")
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    if not phonenumbers.is_valid_number(parsed):
        return PhoneCheck(text, e164, False, "not an assigned number range; check it")
    return PhoneCheck(text, e164, True)
