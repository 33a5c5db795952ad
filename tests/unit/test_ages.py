from __future__ import annotations

from datetime import date

import pytest

from mrss_tui.domain.ages import age_band, age_on, band_for_age
from mrss_tui.domain.enums import AgeBand


@pytest.mark.parametrize(
    ("age", "band"),
    [(0, AgeBand.CHILD), (11, AgeBand.CHILD), (12, AgeBand.YOUTH), (17, AgeBand.YOUTH),
     (18, AgeBand.YOUNG_ADULT), (25, AgeBand.YOUNG_ADULT), (26, AgeBand.ADULT),
     (90, AgeBand.ADULT), (None, AgeBand.UNKNOWN)],
)
def test_band_boundaries(age: int | None, band: AgeBand) -> None:
    assert band_for_age(age) is band


def test_birthday_on_the_call_date_counts() -> None:
    assert age_on(date(2014, 11, 20), date(2026, 11, 20)) == 12
    assert age_on(date(2014, 11, 21), date(2026, 11, 20)) == 11
    assert age_band(on=date(2026, 11, 20), birth_date=date(2014, 11, 20)) is AgeBand.YOUTH
    assert age_band(on=date(2026, 11, 19), birth_date=date(2014, 11, 20)) is AgeBand.CHILD


def test_leap_day_birthday() -> None:
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 3, 1)) == 18


def test_birth_date_wins_over_stated_age() -> None:
    assert age_band(on=date(2026, 1, 1), birth_date=date(2005, 1, 1), stated_age=10) is AgeBand.YOUNG_ADULT
    assert age_band(on=date(2026, 1, 1), stated_age=10) is AgeBand.CHILD
    assert age_band(on=date(2026, 1, 1)) is AgeBand.UNKNOWN


def test_impossible_inputs_are_rejected() -> None:
    with pytest.raises(ValueError):
        age_on(date(2027, 1, 1), date(2026, 1, 1))
    with pytest.raises(ValueError):
        band_for_age(-1)


def test_adult_programs_split_adults_into_26_64_and_65_plus() -> None:
    from mrss_tui.domain.ages import band_for_age
    from mrss_tui.domain.enums import AgeBand

    assert band_for_age(25, "adult") is AgeBand.YOUNG_ADULT
    assert band_for_age(26, "adult") is AgeBand.ADULT_26_64
    assert band_for_age(64, "adult") is AgeBand.ADULT_26_64
    assert band_for_age(65, "adult") is AgeBand.OLDER_ADULT
    assert band_for_age(65) is AgeBand.ADULT  # youth programs keep one adult band
    assert band_for_age(17, "adult") is AgeBand.YOUTH
