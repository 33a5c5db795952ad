"""Stored text is data: the one rule for control characters and text lengths.

Plain Python (the config is checked with it before the first frame); ``domain/text.py`` adds
the pydantic base model that applies it to every string field, and re-exports these names.

Input (forms, CLI, HSDS import, config) refuses control characters with ``check_text``;
output (terminal, page text, prints) removes them with ``strip_controls``. Tab and newline are
the only control characters a stored text may hold.
"""

from __future__ import annotations

import re
from typing import Any

# C0 except tab (09) and newline (0a), DEL, and C1 (which includes the 8-bit CSI/OSC forms).
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# An ESC-introduced sequence (CSI, OSC ... BEL/ST, or a two-character escape): removed whole,
# so no "]0;title" debris is left behind.
ESCAPE_SEQUENCE_RE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"            # CSI ... final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL or ST
    r"|\x1b[@-Z\\-_]"                      # other two-character escapes
)

# Invisible format characters: bidi embeddings, overrides and isolates (U+202A-202E,
# U+2066-2069), zero-width spaces and joiners and the directional marks (U+200B-200F), word
# joiner and invisible operators (U+2060-2064), the BOM (U+FEFF), soft hyphen, Arabic letter
# mark, Mongolian vowel separator, interlinear annotations and tag characters. Stored text never
# keeps them: a name could otherwise display reversed or look like someone else's.
INVISIBLE_RE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                          "\u2066-\u206f\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]")
# Everything a terminal, a phone or a printer may take as the end of a line.
LINE_BREAK_RE = re.compile("\r\n|[\n\r\v\f\x85\u2028\u2029]")
UNICODE_BREAK_RE = re.compile("[\u2028\u2029]")  # shown as the newline they mean
UNSAFE_RE = re.compile(f"{CONTROL_RE.pattern}|{INVISIBLE_RE.pattern}|{UNICODE_BREAK_RE.pattern}")

LINE_MAX = 500  # names, towns, phone numbers, one-line fields
TEXT_MAX = 10_000  # situation, notes, plan sections, descriptions


def has_controls(text: str) -> bool:
    return CONTROL_RE.search(text) is not None


def strip_controls(text: str) -> str:
    """Text safe for a terminal, a page or a print: escape sequences, other control characters
    and invisible format characters (bidi overrides, zero-width) removed; tab and newline kept.
    Also for text stored before mrss refused them."""
    if not UNSAFE_RE.search(text):
        return text
    text = CONTROL_RE.sub("", ESCAPE_SEQUENCE_RE.sub("", text))
    return UNICODE_BREAK_RE.sub("\n", INVISIBLE_RE.sub("", text))


def strip_invisible(text: str) -> str:
    return INVISIBLE_RE.sub("", text)


def one_line(text: str) -> str:
    """Line breaks of every kind as spaces: a value that must stay on its own line."""
    return LINE_BREAK_RE.sub(" ", text)


def check_text(text: str, *, limit: int = LINE_MAX, what: str = "text",
               single_line: bool = False) -> str:
    """Refuse control characters, line breaks in a one-line field and over-long text (raises
    ValueError with a plain reason)."""
    if single_line and LINE_BREAK_RE.search(text):
        raise ValueError(f"{what} is one line: remove the line break")
    if has_controls(text):
        raise ValueError(f"{what} holds control characters (only tab and newline are allowed)")
    if len(text) > limit:
        raise ValueError(f"{what} is too long ({len(text)} characters; at most {limit})")
    return text


def check_all(value: Any, limit: int, what: str = "text", single_line: bool = False) -> Any:
    """``check_text`` over a string or the strings inside lists, tuples and dicts; returns the
    value with invisible characters removed."""
    if isinstance(value, str):
        cleaned = strip_invisible(value) if type(value) is str else value  # not a StrEnum member
        return check_text(cleaned, limit=limit, what=what, single_line=single_line)
    if isinstance(value, list):
        return [check_all(item, limit, what, single_line) for item in value]
    if isinstance(value, tuple):
        return tuple(check_all(item, limit, what, single_line) for item in value)
    if isinstance(value, dict):
        return {check_all(key, LINE_MAX, what, True): check_all(item, limit, what, single_line)
                for key, item in value.items()}
    return value
