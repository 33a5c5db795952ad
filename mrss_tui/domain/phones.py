"""Phone numbers as intake takes them: parse what the coordinator typed, keep the normalised
E.164 form, and say plainly when a number cannot be right. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

import phonenumbers

DEFAULT_PHONE_REGION = "US"


@dataclass(frozen=True)
class PhoneCheck:
    """A typed phone number, parsed: ``e164`` is what is stored when the number is usable."""

    text: str
    e164: str = ""
    valid: bool = False
    problem: str = ""

    @property
    def display(self) -> str:
        if not self.e164:
            return self.text
        parsed = phonenumbers.parse(self.e164)
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)


def check_phone(text: str, region: str = DEFAULT_PHONE_REGION) -> PhoneCheck:
    """Parse a typed number. Impossible numbers get a problem; possible-but-unassigned ones are
    kept (normalised) with ``valid=False`` so the screen can flag them without losing them."""
    text = text.strip()
    if not text:
        return PhoneCheck(text)
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
