"""Stored text is data: the one rule for control characters and text lengths.

Input (forms, CLI, HSDS import, config) refuses control characters with ``check_text``;
output (terminal, page text, prints) removes them with ``strip_controls``. Tab and newline are
the only control characters a stored text may hold.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

# C0 except tab (09) and newline (0a), DEL, and C1 (which includes the 8-bit CSI/OSC forms).
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# An ESC-introduced sequence (CSI, OSC ... BEL/ST, or a two-character escape): removed whole,
# so no "]0;title" debris is left behind.
ESCAPE_SEQUENCE_RE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"            # CSI ... final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL or ST
    r"|\x1b[@-Z\\-_]"                      # other two-character escapes
)

LINE_MAX = 500  # names, towns, phone numbers, one-line fields
TEXT_MAX = 10_000  # situation, notes, plan sections, descriptions


def has_controls(text: str) -> bool:
    return CONTROL_RE.search(text) is not None


def strip_controls(text: str) -> str:
    """Text safe for a terminal, a page or a print: escape sequences and other control
    characters removed; tab and newline kept."""
    if not CONTROL_RE.search(text):
        return text
    return CONTROL_RE.sub("", ESCAPE_SEQUENCE_RE.sub("", text))


def check_text(text: str, *, limit: int = LINE_MAX, what: str = "text") -> str:
    """Refuse control characters and over-long text (raises ValueError with a plain reason)."""
    if has_controls(text):
        raise ValueError(f"{what} holds control characters (only tab and newline are allowed)")
    if len(text) > limit:
        raise ValueError(f"{what} is too long ({len(text)} characters; at most {limit})")
    return text


def check_all(value: Any, limit: int, what: str = "text") -> Any:
    """``check_text`` over a string or the strings inside lists, tuples and dicts."""
    if isinstance(value, str):
        return check_text(value, limit=limit, what=what)
    if isinstance(value, list | tuple):
        for item in value:
            check_all(item, limit, what)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_all(key, LINE_MAX, what)
            check_all(item, limit, what)
    return value


class PlainTextModel(BaseModel):
    """Base of every model that takes typed or imported text: each string field refuses
    control characters and is at most ``LINE_MAX`` long, or ``TEXT_MAX`` for ``long_text``."""

    model_config = ConfigDict(defer_build=True)

    long_text: ClassVar[frozenset[str]] = frozenset()
    # A draft model ("everything typed so far") cleans instead of refusing: a half-typed form
    # must never fail to autosave. Its values are checked again when the form is submitted.
    sanitize: ClassVar[bool] = False

    @field_validator("*", mode="after")
    @classmethod
    def _plain_text(cls, value: Any, info: ValidationInfo) -> Any:
        name = info.field_name or "text"
        limit = TEXT_MAX if name in cls.long_text else LINE_MAX
        if cls.sanitize and type(value) is str:  # not a StrEnum member
            return strip_controls(value)[:limit]
        return check_all(value, limit, name.replace("_", " "))
