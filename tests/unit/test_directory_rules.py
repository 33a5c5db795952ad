"""Pure directory rules: staleness, opening hours, age fit and suggestion ranking."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from mrss_tui.domain.ages import band_for_age
from mrss_tui.domain.directory import (
    BAND_AGES,
    Hours,
    ServiceSummary,
    age_fits,
    format_hours,
    is_open,
    is_stale,
    parse_hours,
    stale_from,
    suggest,
)
from mrss_tui.domain.enums import AgeBand, ServiceStatus

NOW = datetime(2026, 11, 20, 21, 30, tzinfo=timezone.utc)
SECOND = timedelta(seconds=1)


def test_stale_exactly_twelve_months_after_verification() -> None:
    verified = datetime(2025, 11, 20, 21, 30, tzinfo=timezone.utc)
    assert stale_from(verified) == NOW
    assert not is_stale(verified, NOW - SECOND)
    assert is_stale(verified, NOW)
    assert is_stale(verified, NOW + SECOND)


def test_never_verified_is_stale_and_leap_day_rolls_back() -> None:
    assert is_stale(None, NOW)
    leap = datetime(2024, 2, 29, 12, tzinfo=timezone.utc)
    assert stale_from(leap) == datetime(2025, 2, 28, 12, tzinfo=timezone.utc)


WEEKDAYS_9_5 = Hours(byday=("MO", "TU", "WE", "TH", "FR"), opens_at="09:00", closes_at="17:00")


@pytest.mark.parametrize(("local", "expected"), [
    (datetime(2026, 11, 20, 8, 59), False),   # Friday, a minute before opening
    (datetime(2026, 11, 20, 9, 0), True),     # opening minute
    (datetime(2026, 11, 20, 16, 59), True),
    (datetime(2026, 11, 20, 17, 0), False),   # closing time is closed
    (datetime(2026, 11, 21, 12, 0), False),   # Saturday
])
def test_open_weekdays(local: datetime, expected: bool) -> None:
    assert is_open([WEEKDAYS_9_5], local) is expected


def test_overnight_hours_and_all_day() -> None:
    night = Hours(byday=("FR",), opens_at="20:00", closes_at="02:00")
    assert is_open([night], datetime(2026, 11, 20, 23, 0))      # Friday night
    assert is_open([night], datetime(2026, 11, 21, 1, 59))      # early Saturday
    assert not is_open([night], datetime(2026, 11, 21, 2, 0))
    assert not is_open([night], datetime(2026, 11, 20, 1, 0))   # early Friday belongs to Thursday
    always = Hours(byday=(), opens_at="00:00", closes_at="23:59")
    assert is_open([always], datetime(2026, 11, 22, 23, 59, 30))
    assert not is_open([Hours(description="by appointment")], datetime(2026, 11, 20, 12, 0))


def test_hours_text_round_trips() -> None:
    text = "Mo-Fr 08:00-17:00; Sa 10:00-14:00; Every day all day"
    blocks = parse_hours(text)
    assert blocks[0].byday == ("MO", "TU", "WE", "TH", "FR")
    assert format_hours(blocks) == text
    assert parse_hours("fr-mo 9:00-12:00")[0].byday == ("MO", "FR", "SA", "SU")
    for bad in ("Mo-Fr", "Xx 08:00-09:00", "Mo 25:00-26:00", "Mo 08:00"):
        with pytest.raises(ValueError):
            parse_hours(bad)


def test_band_ages_match_the_age_band_rule() -> None:
    from mrss_tui.domain.ages import BANDS

    for band, (low, high) in BAND_AGES.items():
        scheme = "youth" if band in BANDS["youth"] else "adult"
        assert band_for_age(low, scheme) is band
        if high is not None:
            assert band_for_age(high, scheme) is band
            assert band_for_age(high + 1, scheme) is not band


@pytest.mark.parametrize(("low", "high", "band", "fits"), [
    (None, None, AgeBand.CHILD, True),
    (0, 20, AgeBand.YOUTH, True),
    (12, 17, AgeBand.CHILD, False),
    (12, 17, AgeBand.YOUNG_ADULT, False),
    (17, None, AgeBand.YOUTH, True),     # overlaps at 17
    (None, 11, AgeBand.CHILD, True),
    (None, 11, AgeBand.YOUTH, False),
    (26, None, AgeBand.ADULT, True),
    (12, 17, AgeBand.UNKNOWN, True),
])
def test_age_fits(low: int | None, high: int | None, band: AgeBand, fits: bool) -> None:
    assert age_fits(low, high, band) is fits


def _service(service_id: str, name: str, *, categories=("cat-counseling",), counties=("Lane",),
             low=None, high=None, status=ServiceStatus.ACTIVE,
             verified=NOW - timedelta(days=30)) -> ServiceSummary:
    return ServiceSummary(id=service_id, name=name, organization="Org", status=status,
                          minimum_age=low, maximum_age=high, last_verified_at=verified,
                          categories=categories, counties=counties)


def test_suggestions_filter_and_rank() -> None:
    services = [
        _service("a", "All ages, Lane", low=None, high=None),
        _service("b", "Youth, Lane", low=0, high=20),
        _service("c", "Youth, no county given", low=0, high=20, counties=()),
        _service("d", "Youth, Lane, stale", low=0, high=20, verified=NOW - timedelta(days=400)),
        _service("e", "Other county", counties=("Harney",)),
        _service("f", "Adults only", low=26),
        _service("g", "Other need", categories=("cat-food",)),
        _service("h", "Defunct", status=ServiceStatus.DEFUNCT),
        _service("i", "Temporarily closed", low=0, high=20,
                 status=ServiceStatus.TEMPORARILY_CLOSED),
    ]
    ranked = suggest(services, category="cat-counseling", band=AgeBand.YOUTH, county="lane", now=NOW)
    assert [s.service.id for s in ranked] == ["b", "d", "a", "c", "i"]
    assert ranked[0].reasons == ("serves lane", "ages fit")
    assert ranked[1].stale and "not verified in 12 months" in ranked[1].reasons
    assert "temporarily closed" in ranked[-1].reasons


def test_suggestions_without_county_or_band_keep_everything_that_fits_the_need() -> None:
    services = [_service("a", "Beta"), _service("b", "Alpha", counties=("Harney",))]
    ranked = suggest(services, category="cat-counseling", band=AgeBand.UNKNOWN, county="", now=NOW)
    assert [s.service.name for s in ranked] == ["Alpha", "Beta"]
