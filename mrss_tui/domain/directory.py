"""Referral directory rules: staleness, opening hours, age fit and suggestion ranking.

Pure: every function that depends on time takes the instant (or the local wall time) as an
argument. The models here are read models of the HSDS-shaped tables (see store/repos/directory.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from functools import lru_cache
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from mrss_tui.domain.enums import AgeBand, ReferralStatus, ServiceStatus
from mrss_tui.domain.text import PlainTextModel

STALE_AFTER_MONTHS = 12
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Ages each band covers (DESIGN.md); the adult band has no upper limit.
BAND_AGES: dict[AgeBand, tuple[int, int | None]] = {
    AgeBand.CHILD: (0, 11),
    AgeBand.YOUTH: (12, 17),
    AgeBand.YOUNG_ADULT: (18, 25),
    AgeBand.ADULT: (26, None),
    AgeBand.ADULT_26_64: (26, 64),
    AgeBand.OLDER_ADULT: (65, None),
}
# A referral's "did the family connect?" check is due this many days after referring.
CONNECT_CHECK_DAYS = 3
CONNECT_CHECK_KIND = "referral_check"


# -- models ----------------------------------------------------------------------------------------
class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)


class Hours(_Frozen):
    """One HSDS schedule row: days (RRULE BYDAY codes) and local opening times 'HH:MM'."""

    byday: tuple[str, ...] = ()
    opens_at: str | None = None
    closes_at: str | None = None
    description: str = ""


class ServiceSummary(_Frozen):
    """One row of a directory list."""

    id: str
    name: str
    organization: str
    status: ServiceStatus
    minimum_age: int | None = None
    maximum_age: int | None = None
    last_verified_at: datetime | None = None
    categories: tuple[str, ...] = ()  # taxonomy term ids
    category_names: tuple[str, ...] = ()
    counties: tuple[str, ...] = ()
    phone: str = ""
    city: str = ""
    hours: tuple[Hours, ...] = ()
    version: int = 1


class Phone(_Frozen):
    number: str
    extension: str = ""
    type: str = ""
    description: str = ""


class Address(_Frozen):
    address_1: str
    address_2: str = ""
    city: str
    state_province: str = ""
    postal_code: str = ""
    country: str = ""

    def one_line(self) -> str:
        parts = [self.address_1, self.address_2, self.city,
                 " ".join(p for p in (self.state_province, self.postal_code) if p)]
        return ", ".join(p for p in parts if p)


class ServiceDetail(_Frozen):
    summary: ServiceSummary
    description: str = ""
    organization_id: str
    eligibility_description: str = ""
    fees_description: str = ""
    application_process: str = ""
    url: str = ""
    email: str = ""
    verified_by: str = ""
    phones: tuple[Phone, ...] = ()
    addresses: tuple[Address, ...] = ()
    languages: tuple[str, ...] = ()


class ServiceDraft(PlainTextModel):
    """What the supervisor's editor saves: one service with one address, phone and hours."""

    model_config = ConfigDict(defer_build=True)

    long_text: ClassVar[frozenset[str]] = frozenset({"description"})

    name: str
    organization: str
    description: str = ""
    status: ServiceStatus = ServiceStatus.ACTIVE
    minimum_age: int | None = None
    maximum_age: int | None = None
    phone: str = ""
    address_1: str = ""
    city: str = ""
    state_province: str = ""
    postal_code: str = ""
    counties: list[str] = []
    categories: list[str] = []  # taxonomy term ids
    hours: list[Hours] = []
    languages: list[str] = []


class ImportCounts(BaseModel):
    model_config = ConfigDict(defer_build=True)

    created: dict[str, int] = {}
    updated: dict[str, int] = {}
    unchanged: dict[str, int] = {}


class Suggestion(_Frozen):
    service: ServiceSummary
    score: int
    reasons: tuple[str, ...]
    stale: bool


class ReferralLine(_Frozen):
    """A referral with what a family needs to act on it (for the episode and the printout)."""

    id: int
    episode_id: int
    service_id: str | None
    service_name: str
    organization: str
    category: str
    status: ReferralStatus
    status_at: datetime
    status_by: str
    created_at: datetime
    phones: tuple[str, ...] = ()
    address: str = ""
    hours: tuple[Hours, ...] = ()
    last_verified_at: datetime | None = None
    version: int = 1


class ReferralEvent(_Frozen):
    status: ReferralStatus
    at: datetime
    by_login: str
    note: str = ""


# -- staleness -------------------------------------------------------------------------------------
def _months_later(day: datetime, months: int) -> datetime:
    """The same wall time ``months`` later; a day missing from the target month falls back
    to that month's last day (29 February + 12 months = 28 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for day_of_month in range(day.day, 27, -1):
        try:
            return day.replace(year=year, month=month, day=day_of_month)
        except ValueError:
            continue
    return day.replace(year=year, month=month, day=min(day.day, 28))


def stale_from(last_verified_at: datetime) -> datetime:
    """The instant a record verified at ``last_verified_at`` becomes stale."""
    return _months_later(last_verified_at, STALE_AFTER_MONTHS)


def is_stale(last_verified_at: datetime | None, now: datetime) -> bool:
    """Not verified in the last 12 months (never verified counts as stale)."""
    return last_verified_at is None or now >= stale_from(last_verified_at)


# -- hours -----------------------------------------------------------------------------------------
@lru_cache(maxsize=4096)
def parse_clock(text: str | None) -> time | None:
    """'9:00', '09:00', '09:00:00' -> time; '' or None -> None; anything else ValueError."""
    if text is None or not text.strip():
        return None
    match = re.fullmatch(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", text.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"'{text}' is not a time of day (HH:MM)")
    return time(int(match[1]), int(match[2]))


def _is_open_on(hours: Hours, weekday: str, at: time) -> bool:
    opens, closes = parse_clock(hours.opens_at), parse_clock(hours.closes_at)
    if opens is None or closes is None:
        return False
    if hours.byday and weekday not in hours.byday:
        return False
    if closes == time(23, 59):
        return opens <= at  # "until 23:59" means until midnight
    return opens <= at < closes


def is_open(hours: Iterable[Hours], local: datetime) -> bool:
    """Open at the local wall time ``local`` (in the directory's time zone). Hours that
    close before they open run past midnight into the next day."""
    weekday = WEEKDAYS[local.weekday()]
    yesterday = WEEKDAYS[(local.weekday() - 1) % 7]
    at = local.time().replace(second=0, microsecond=0)
    for block in hours:
        opens, closes = parse_clock(block.opens_at), parse_clock(block.closes_at)
        if opens is not None and closes is not None and closes < opens:
            late = Hours(byday=block.byday, opens_at=block.opens_at, closes_at="23:59")
            early = Hours(byday=block.byday, opens_at="00:00", closes_at=block.closes_at)
            if _is_open_on(late, weekday, at) or _is_open_on(early, yesterday, at):
                return True
        elif _is_open_on(block, weekday, at):
            return True
    return False


def _day_ranges(days: Sequence[str]) -> str:
    if set(days) == set(WEEKDAYS):
        return "Every day"
    ordered = sorted(set(days), key=WEEKDAYS.index)
    groups: list[list[str]] = []
    for day in ordered:
        if groups and WEEKDAYS.index(day) == WEEKDAYS.index(groups[-1][-1]) + 1:
            groups[-1].append(day)
        else:
            groups.append([day])
    names = {d: d.capitalize() for d in WEEKDAYS}
    return ", ".join(names[g[0]] if len(g) == 1 else f"{names[g[0]]}-{names[g[-1]]}" for g in groups)


def format_hours(hours: Iterable[Hours]) -> str:
    """'Mo-Fr 08:00-17:00; Sa 10:00-14:00' (what staff read and what the editor accepts)."""
    parts = []
    for block in hours:
        if block.opens_at and block.closes_at:
            days = _day_ranges(block.byday) if block.byday else "Every day"
            span = ("all day" if block.opens_at[:5] == "00:00" and block.closes_at[:5] == "23:59"
                    else f"{block.opens_at[:5]}-{block.closes_at[:5]}")
            parts.append(f"{days} {span}")
        elif block.description:
            parts.append(block.description)
    return "; ".join(parts)


def parse_hours(text: str) -> list[Hours]:
    """The editor's hours text: 'Mo-Fr 08:00-17:00; Sa 10:00-14:00; Every day all day'."""
    blocks = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        match = re.fullmatch(r"(.+?)\s+(all day|\d{1,2}:\d{2})(?:\s*-\s*(\d{1,2}:\d{2}))?", part,
                             flags=re.IGNORECASE)
        if not match or (match[2].lower() != "all day" and not match[3]):
            raise ValueError(f"'{part}': write days then times, e.g. 'Mo-Fr 08:00-17:00'")
        days = _parse_days(match[1])
        if match[2].lower() == "all day":
            opens, closes = "00:00", "23:59"
        else:
            opens = parse_clock(match[2]).strftime("%H:%M")  # type: ignore[union-attr]
            closes = parse_clock(match[3]).strftime("%H:%M")  # type: ignore[union-attr]
        blocks.append(Hours(byday=days, opens_at=opens, closes_at=closes))
    return blocks


def _parse_days(text: str) -> tuple[str, ...]:
    if text.strip().lower() in ("every day", "daily"):
        return WEEKDAYS
    days: list[str] = []
    for piece in re.split(r"[,\s]+", text.strip()):
        ends = [p[:2].upper() for p in piece.split("-")]
        if any(e not in WEEKDAYS for e in ends) or len(ends) > 2:
            raise ValueError(f"'{piece}' is not a day or range of days (Mo, Tu, ... Su)")
        first, last = WEEKDAYS.index(ends[0]), WEEKDAYS.index(ends[-1])
        span = range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)]
        days.extend(WEEKDAYS[i] for i in span if WEEKDAYS[i] not in days)
    return tuple(sorted(days, key=WEEKDAYS.index))


def byday_codes(text: str) -> tuple[str, ...]:
    """HSDS byday ('MO,TU' or 'mo, tu') -> ('MO', 'TU'); unknown codes are dropped."""
    codes = [c.strip().upper()[:2] for c in text.split(",")]
    return tuple(c for c in codes if c in WEEKDAYS)


# -- eligibility and suggestions ------------------------------------------------------------------
def age_fits(minimum_age: int | None, maximum_age: int | None, band: AgeBand) -> bool:
    """A service's age range overlaps the band (an unknown band or open range fits)."""
    if band is AgeBand.UNKNOWN:
        return True
    low, high = BAND_AGES[band]
    if minimum_age is not None and high is not None and minimum_age > high:
        return False
    return maximum_age is None or maximum_age >= low


def suggest(services: Iterable[ServiceSummary], *, category: str, band: AgeBand,
            county: str, now: datetime) -> list[Suggestion]:
    """Services that fit the need, age band and county, best first.

    Excluded: other categories, services not active (or temporarily closed, which is shown
    but ranked last), age ranges that miss the band, services that list counties but not
    this one. Then better: serves the county by name (over "no area given"), an age range
    made for the band (over "all ages"), currently verified, and then by name.
    """
    found = []
    for service in services:
        if category not in service.categories or not age_fits(
                service.minimum_age, service.maximum_age, band):
            continue
        if service.status in (ServiceStatus.INACTIVE, ServiceStatus.DEFUNCT):
            continue
        served = {c.casefold() for c in service.counties}
        if county and served and county.casefold() not in served:
            continue
        score, reasons = 0, []
        if county and county.casefold() in served:
            score, reasons = score + 4, [*reasons, f"serves {county}"]
        if band is not AgeBand.UNKNOWN and (service.minimum_age is not None
                                            or service.maximum_age is not None):
            score, reasons = score + 2, [*reasons, "ages fit"]
        stale = is_stale(service.last_verified_at, now)
        if not stale:
            score += 1
        else:
            reasons.append("not verified in 12 months")
        if service.status is ServiceStatus.TEMPORARILY_CLOSED:
            score -= 100
            reasons.append("temporarily closed")
        found.append(Suggestion(service=service, score=score, reasons=tuple(reasons), stale=stale))
    return sorted(found, key=lambda s: (-s.score, s.service.name.casefold(), s.service.id))


def age_range_text(minimum_age: int | None, maximum_age: int | None) -> str:
    if minimum_age is None and maximum_age is None:
        return "all ages"
    if maximum_age is None:
        return f"{minimum_age}+"
    return f"{minimum_age or 0}-{maximum_age}"


def verified_text(last_verified_at: datetime | None, now: datetime) -> str:
    if last_verified_at is None:
        return "never verified (STALE)"
    day: date = last_verified_at.date()
    return f"verified {day.isoformat()}" + (" (STALE)" if is_stale(last_verified_at, now) else "")
