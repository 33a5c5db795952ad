"""Read models for access accounting and the audit viewer."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict

from mrss_tui.domain.models import AuditEntry
from mrss_tui.domain.text import PlainTextModel


class AuditRow(AuditEntry):
    person_name: str | None = None


class AuditFilter(PlainTextModel):
    """What the supervisor asked for. ``person`` is a person number or part of a name;
    days are the line's local calendar days, both ends included."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True, defer_build=True)

    person: str = ""
    staff: str = ""
    day_from: date | None = None
    day_to: date | None = None


class AuditPage(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    rows: list[AuditRow]
    page: int  # 0-based
    page_size: int
    has_more: bool
    person_matches: int | None = None  # how many people the person filter matched, if given

    @property
    def first_row_number(self) -> int:
        return self.page * self.page_size + 1
