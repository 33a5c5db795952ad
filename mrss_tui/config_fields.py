"""How config.toml's tables become the read-only sections of ``config_sections``: each field's
type and bounds come from its declaration (one place), and this module checks a value against
them. Plain Python, no pydantic: the config is read before the first frame (start-up time).

Strict where a value could mean something else (issue 20): true is not 1, 4.5 is not a whole
number, nan and inf hold no limit, a typo is an unknown key; the forms the pydantic-checked
config read before (a number in quotes, yes/no) still read. Every string follows the plain-text
rule (domain/plain_text.py).
"""

from __future__ import annotations

import enum
import math
import re
import types
import typing
from datetime import time
from typing import Any, ClassVar, Literal

from mrss_tui.domain.plain_text import LINE_MAX, check_all


MISSING = object()  # a field without default: the table must give it


class Spec:
    """A field's default (or factory) and limits: ``ge``, ``gt``, ``le``, ``min_length``,
    ``max_length``."""

    __slots__ = ("default", "factory", "limits")

    def __init__(self, default: Any, factory: Any, limits: dict[str, float]):
        self.default, self.factory, self.limits = default, factory, limits

    @property
    def required(self) -> bool:
        return self.default is MISSING and self.factory is MISSING


def bounded(default: Any = MISSING, *, factory: Any = MISSING, **limits: float) -> Any:
    """A field with limits (checked by ``build_section``), e.g. ``bounded(10, ge=1, le=120)``."""
    return Spec(default, factory, limits)


class Section:
    """A read-only record of config values. Its fields are the class's annotations, in order;
    a field's default is its class value, or ``bounded(...)`` with limits. Plain Python rather
    than dataclasses: a dataclass writes its methods as source and compiles them, ~1 ms a class
    at every start."""

    fields: ClassVar[dict[str, tuple[Any, Spec]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        fields = {}
        for name, kind in cls.__dict__.get("__annotations__", {}).items():
            if kind is ClassVar or typing.get_origin(kind) is ClassVar:
                continue
            if name in Section.__dict__:
                raise TypeError(f"{cls.__name__}.{name}: the name is Section's own")
            value = cls.__dict__.get(name, MISSING)
            fields[name] = (kind, value if isinstance(value, Spec) else Spec(value, MISSING, {}))
            if isinstance(value, Spec):
                delattr(cls, name)
        cls.fields = fields

    def __init__(self, **values: Any) -> None:
        for name, (_kind, spec) in self.fields.items():
            if name in values:
                value = values.pop(name)
            elif spec.default is not MISSING:
                value = spec.default
            elif spec.factory is not MISSING:
                value = spec.factory()
            else:
                raise TypeError(f"{type(self).__name__} needs {name}")
            object.__setattr__(self, name, value)
        if values:
            raise TypeError(f"{type(self).__name__} has no field(s) {', '.join(values)}")

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.fields}

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only (use config_fields.replace)")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.values() == other.values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), *self.values().values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in self.values().items())
        return f"{type(self).__name__}({shown})"


def replace(section: Any, **changes: Any) -> Any:
    """A copy of ``section`` with ``changes`` (not checked: for code and tests, not input)."""
    return type(section)(**{**section.values(), **changes})


class Problem(Exception):
    """One refused value: where (``path``, e.g. ``("response", "required_team", 0, 0)``), the
    value, and what is allowed."""

    def __init__(self, path: tuple, message: str, value: Any = None, unknown: bool = False,
                 missing: bool = False):
        super().__init__(message)
        self.path, self.message, self.value = path, message, value
        self.unknown, self.missing = unknown, missing


class Problems(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


def build_section(cls: type, data: Any, path: tuple = ()) -> Any:
    """``cls`` from a TOML table: unknown keys, missing keys and wrong values are all collected
    into one ``Problems``. A section may convert its input first (``before_check``), check single
    fields (``check_<field>`` static methods) and check the whole (``check_whole``)."""
    if not isinstance(data, dict):
        raise Problems([Problem(path, "must be a table (a [section] or { key = value })", data)])
    data = getattr(cls, "before_check", lambda d: d)(data)
    problems = [Problem(path + (key,), "unknown key", unknown=True)
                for key in data if key not in cls.fields]
    values: dict[str, Any] = {}
    for name, (kind, spec) in cls.fields.items():
        where = path + (name,)
        if name not in data:
            if spec.required:
                problems.append(Problem(where, "is required", missing=True))
            continue
        try:
            value = check_value(kind, data[name], where, spec.limits)
            value = check_all(value, LINE_MAX, name.replace("_", " "), True)
            check = getattr(cls, f"check_{name}", None)
            values[name] = check(value) if check else value
        except Problems as nested:
            problems.extend(nested.problems)
        except Problem as problem:
            problems.append(problem)
        except ValueError as refused:
            problems.append(Problem(where, str(refused), data[name]))
    if problems:
        raise Problems(problems)
    section = cls(**values)
    try:
        getattr(section, "check_whole", lambda: None)()
    except ValueError as refused:
        raise Problems([Problem(path, str(refused), data)]) from None
    return section


def check_value(kind: Any, value: Any, path: tuple, limits: typing.Mapping = {}) -> Any:
    """``value`` as ``kind`` (the field's annotation), or raises Problem(s)."""
    origin = typing.get_origin(kind)
    if isinstance(kind, type) and issubclass(kind, Section):
        return build_section(kind, value, path)
    if origin is Literal:
        allowed = typing.get_args(kind)
        if value not in allowed or isinstance(value, bool):
            raise Problem(path, f"must be one of {', '.join(repr(a) for a in allowed)}", value)
        return value
    if origin in (list, tuple, dict):
        checked = _check_collection(origin, typing.get_args(kind), value, path)
        _check_length(checked, limits, path, value)
        return checked
    if origin in (typing.Union, types.UnionType):
        raise TypeError(f"config_fields does not read {kind!r}")  # no such field (yet)
    checked = _check_scalar(kind, value, path)
    _check_limits(checked, limits, path, value)
    return checked


def _check_collection(origin: type, args: tuple, value: Any, path: tuple) -> Any:
    if origin is dict:
        if not isinstance(value, dict):
            raise Problem(path, "must be a table of key = value", value)
        return {check_value(args[0], k, path + (k,)): check_value(args[1], v, path + (k,))
                for k, v in value.items()}
    if not isinstance(value, list):
        is_table = isinstance(value, dict) and isinstance(args[0], type) and issubclass(
            args[0], Section)
        raise Problem(path, f"must be a list: write each one under its own [[{path[-1]}]]"
                      if is_table else "must be a list, e.g. [...]", value)
    if origin is tuple:
        if len(value) != len(args):
            raise Problem(path, f"must be a list of {len(args)} values", value)
        return tuple(check_value(a, v, path + (i,)) for i, (a, v) in enumerate(zip(args, value)))
    problems: list[Problem] = []
    items = []
    for index, item in enumerate(value):
        try:
            items.append(check_value(args[0], item, path + (index,)))
        except Problem as problem:
            problems.append(problem)
        except Problems as nested:
            problems.extend(nested.problems)
    if problems:
        raise Problems(problems)
    return items


# Written forms of true and false that configs read before (with pydantic) accepted, so that a
# file that worked keeps working (also 1 and 0; but true/false is never a number, issue 20).
TRUE_WORDS = frozenset({"true", "yes", "on", "t", "y", "1"})
FALSE_WORDS = frozenset({"false", "no", "off", "f", "n", "0"})
WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")


def _check_scalar(kind: Any, value: Any, path: tuple) -> Any:
    if kind is bool:
        return _truth(value, path)
    elif kind in (int, float):
        return _number(kind, value, path)
    elif kind is str:
        if not isinstance(value, str):
            raise Problem(path, "must be text in quotes", value)
    elif kind is time:
        return _time_of_day(value, path)
    elif isinstance(kind, type) and issubclass(kind, enum.Enum):
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(repr(m.value) for m in kind)
            raise Problem(path, f"must be one of {allowed}", value) from None
    else:
        raise TypeError(f"config_fields does not read {kind!r}")
    return value


def _truth(value: Any, path: tuple) -> bool:
    if isinstance(value, bool):
        return value
    word = value.strip().lower() if isinstance(value, str) else (
        str(value) if type(value) is int else None)
    if word in TRUE_WORDS or word in FALSE_WORDS:
        return word in TRUE_WORDS
    raise Problem(path, "must be true or false", value)


def _number(kind: type, value: Any, path: tuple) -> int | float:
    """A TOML number, or a number in quotes (as configs read before were allowed to write it);
    never true/false, and never nan or inf (no limit could hold them)."""
    if isinstance(value, bool):
        raise Problem(path, "must be a number, not true or false", value)
    number = value
    if isinstance(value, str):
        text = value.strip()
        try:
            number = int(text) if WHOLE_NUMBER.fullmatch(text) else float(text)
        except ValueError:
            number = None
    if isinstance(number, float) and not math.isfinite(number):
        raise Problem(path, "must be a number (not nan or inf)", value)
    if kind is int and isinstance(number, float) and number.is_integer():
        number = int(number)
    if not isinstance(number, int) and not (kind is float and isinstance(number, float)):
        raise Problem(path, "must be a whole number" if kind is int else "must be a number",
                      value)
    return kind(number)


def _time_of_day(value: Any, path: tuple) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, str):
        try:
            return time.fromisoformat(value)
        except ValueError:
            pass
    raise Problem(path, "must be a time of day such as 07:00:00", value)


def _check_limits(value: Any, limits: typing.Mapping, path: tuple, given: Any) -> None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "ge" in limits and value < limits["ge"]:
            raise Problem(path, f"must be at least {limits['ge']}", given)
        if "gt" in limits and value <= limits["gt"]:
            raise Problem(path, f"must be more than {limits['gt']}", given)
        if "le" in limits and value > limits["le"]:
            raise Problem(path, f"must be at most {limits['le']}", given)
    _check_length(value, limits, path, given)


def _check_length(value: Any, limits: typing.Mapping, path: tuple, given: Any) -> None:
    if not isinstance(value, (str, list, tuple, dict)):
        return
    what = "characters" if isinstance(value, str) else "entries"
    if "min_length" in limits and len(value) < limits["min_length"]:
        raise Problem(path, "must not be empty" if limits["min_length"] == 1
                      else f"needs at least {limits['min_length']} {what}", given)
    if "max_length" in limits and len(value) > limits["max_length"]:
        raise Problem(path, f"is too long (at most {limits['max_length']} {what})", given)
