"""Stored text is data: ``PlainTextModel`` applies the plain-text rule (``domain/plain_text.py``)
to every string field of a pydantic model. The rule's plain functions are imported from
plain_text, which needs no pydantic (the first frame's modules use them)."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

from mrss_tui.domain.plain_text import LINE_MAX, TEXT_MAX, check_all, one_line, strip_controls


class PlainTextModel(BaseModel):
    """Base of every model that takes typed or imported text: each string field loses invisible
    format characters (bidi, zero-width), refuses control characters, holds one line unless it
    is ``multi_line``, and is at most ``LINE_MAX`` long, or ``TEXT_MAX`` for ``long_text``."""

    model_config = ConfigDict(defer_build=True)

    long_text: ClassVar[frozenset[str]] = frozenset()
    # Fields that may hold line breaks; None means the long_text fields.
    multi_line: ClassVar[frozenset[str] | None] = None
    # A draft model ("everything typed so far") cleans instead of refusing: a half-typed form
    # must never fail to autosave. Its values are checked again when the form is submitted.
    sanitize: ClassVar[bool] = False

    @field_validator("*", mode="after")
    @classmethod
    def _plain_text(cls, value: Any, info: ValidationInfo) -> Any:
        name = info.field_name or "text"
        limit = TEXT_MAX if name in cls.long_text else LINE_MAX
        single_line = name not in (cls.long_text if cls.multi_line is None else cls.multi_line)
        if cls.sanitize and type(value) is str:  # not a StrEnum member
            cleaned = strip_controls(value)
            return (one_line(cleaned) if single_line else cleaned)[:limit]
        return check_all(value, limit, name.replace("_", " "), single_line)
