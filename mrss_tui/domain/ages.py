"""Age bands (DESIGN.md): child 0-11, youth 12-17, young adult 18-25, adult 26+.

Programs serving adults (profile ``age_bands = "adult"``: Oklahoma City CRT, Connecticut's DMHAS
adult mobile crisis) split adults into 26-64 and 65+.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from mrss_tui.domain.enums import AgeBand


def age_on(birth_date: date, on: date) -> int:
    """Whole years of age on a day (a 29 February birthday counts from 1 March in other years)."""
    if birth_date > on:
        raise ValueError("birth date is after the call date")
    before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
    return on.year - birth_date.year - int(before_birthday)


BandScheme = Literal["youth", "adult"]

BANDS: dict[str, list[AgeBand]] = {
    "youth": [AgeBand.CHILD, AgeBand.YOUTH, AgeBand.YOUNG_ADULT, AgeBand.ADULT],
    "adult": [AgeBand.CHILD, AgeBand.YOUTH, AgeBand.YOUNG_ADULT, AgeBand.ADULT_26_64,
              AgeBand.OLDER_ADULT],
}


def band_for_age(age: int | None, scheme: BandScheme = "youth") -> AgeBand:
    if age is None:
        return AgeBand.UNKNOWN
    if age < 0:
        raise ValueError("age cannot be negative")
    if age <= 11:
        return AgeBand.CHILD
    if age <= 17:
        return AgeBand.YOUTH
    if age <= 25:
        return AgeBand.YOUNG_ADULT
    if scheme == "adult":
        return AgeBand.ADULT_26_64 if age <= 64 else AgeBand.OLDER_ADULT
    return AgeBand.ADULT


def age_band(*, on: date, birth_date: date | None = None, stated_age: int | None = None,
             scheme: BandScheme = "youth") -> AgeBand:
    """The band at the call date: the birth date wins over a stated (approximate) age."""
    if birth_date is not None:
        return band_for_age(age_on(birth_date, on), scheme)
    return band_for_age(stated_age, scheme)
