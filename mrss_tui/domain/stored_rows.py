"""Stored rows as named tuples, for the read models the first frame needs (staff, shifts,
alerts, drafts, phone answers, the board's rows).

The board is drawn from these before pydantic is imported: its import and the building of its
validators were a fifth of mrss's start-up (issue 24). Nor are they dataclasses: Python 3.11
builds a frozen dataclass by compiling six methods from source, about 1 ms a class, and the
first frame needs some twenty record classes; a ``typing.NamedTuple`` class is built in about a
tenth of that. Read models are made once from a row and never changed, which is what a named
tuple is for; ``_replace`` makes a changed copy.

The store wrote every value, so reading one back converts it by its field's type, once: ISO
text to a datetime, text to its enum, 0/1 to a bool, JSON text to its value. A value that does
not convert raises ValueError. Input typed by a person is still checked by the pydantic models
of workflow/ before it is stored.
"""

from __future__ import annotations

import json
import types
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, Callable, Mapping, TypeVar, Union, get_args, get_origin, get_type_hints

from mrss_tui.domain.times import parse_iso

T = TypeVar("T")
Convert = Callable[[Any], Any]


def from_row(cls: type[T], row: Mapping[str, Any], **values: Any) -> T:
    """A ``cls`` (a NamedTuple) from a row (sqlite3.Row or dict) with a column for each field
    that has no default; columns it has no field for are ignored. ``values`` are given as is
    (already the field's type)."""
    columns = row.keys()
    for name, convert in _converters(cls):
        if name not in values and name in columns:
            values[name] = convert(row[name])
    return cls(**values)


@cache
def _converters(cls: type) -> tuple[tuple[str, Convert], ...]:
    hints = get_type_hints(cls)
    return tuple((name, _converter(hints[name])) for name in cls._fields)


def _converter(hint: Any) -> Convert:
    if isinstance(hint, types.UnionType) or get_origin(hint) is Union:
        [inner] = [arg for arg in get_args(hint) if arg is not type(None)]
        convert = _converter(inner)
        return lambda value: None if value is None else convert(value)
    if get_origin(hint) in (dict, list) or hint in (dict, list):
        return decoded_json
    if hint is datetime:
        return _datetime
    if hint is date:
        return _date
    if hint is bool:
        return bool
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint
    if hint in (int, str, Any):
        return _same
    return _not_a_column  # e.g. a summary computed from several columns: given in ``values``


def _not_a_column(value: Any) -> Any:
    raise TypeError("this field is not one stored column: give it to from_row as a value")


def _same(value: Any) -> Any:
    return value


def decoded_json(value: Any) -> Any:
    """A JSON text column's value; a value already decoded (or NULL) is given back as it is."""
    return json.loads(value) if isinstance(value, str) else value


def stored_time(value: Any) -> datetime | None:
    """A time column's value (ISO text), or None for NULL."""
    return None if value is None else _datetime(value)


def _datetime(value: Any) -> datetime:
    return value if isinstance(value, datetime) else parse_iso(value)  # type: ignore[return-value]


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)
