"""CSV cells a spreadsheet will not run: the one rule for every CSV mrss writes (the weekly
report, the directory export).

A cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return before one)
is a formula to Excel and LibreOffice; a directory entry or a name could then fetch a URL or
run a command on the administrator's machine (OWASP "CSV injection"). Such a cell gets a
leading apostrophe, which spreadsheets show as text. Plain numbers ("-3", "+1 541 555 0112")
stay as they are: they are arithmetic at worst. ``restore_cell`` undoes it on import, so an
exported directory reads back exactly.
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9 ().,%-]*")


def spreadsheet_cell(value: str) -> str:
    if value.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def restore_cell(value: str) -> str:
    """The value ``spreadsheet_cell`` was given."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START) \
            and not _PLAIN_NUMBER.fullmatch(value[1:]):
        return value[1:]
    return value
