"""Demo phone numbers: fictional, yet spread like real ones.

Only 555-0100..0199 are reserved for fiction in the North American plan, in every area code.
One area code gives a hundred numbers, which made every demo number recur thousands of times
and hid a phone look-up that scanned whole tables. Spread over every valid area code there
are ~45,000, and a caller who calls again usually calls from the same number, as in life.
"""

from __future__ import annotations

import random
from functools import cache

import phonenumbers

SAME_NUMBER_AGAIN = 0.8  # a person with a phone calls back from it this often


@cache
def fictional_area_codes() -> tuple[str, ...]:
    """Area codes in which a 555-01xx number is a valid (and fictional) number."""
    return tuple(str(code) for code in range(201, 990)
                 if phonenumbers.is_valid_number(phonenumbers.parse(f"+1{code}5550150")))


class DemoPhones:
    """Numbers from their own random stream, so changing them moves no other demo value."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(f"phones-{seed}")
        self.areas = fictional_area_codes()

    def new(self) -> str:
        return f"+1{self.rng.choice(self.areas)}555{self.rng.randint(100, 199):04d}"

    def callback(self, person_phone: str) -> str:
        """The number a call comes from: usually the person's own, else another one."""
        if person_phone and self.rng.random() < SAME_NUMBER_AGAIN:
            return person_phone
        return self.new()
