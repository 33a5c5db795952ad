"""Every field of config.toml is checked as it is declared (config_sections.py, config.py): the
cases below are generated from the declarations, so a field added later is covered at once and
a limit cannot be declared without being enforced."""

from __future__ import annotations

import typing
from datetime import date, datetime, time
from typing import Any, Literal

import pytest

from mrss_tui.config import Config, build_config
from mrss_tui.config_fields import Section, replace
from mrss_tui.domain.profiles import PROFILES
from mrss_tui.errors import ConfigError


def _fields(section: type[Section], path: tuple[str, ...] = ()):
    for name, (kind, spec) in section.fields.items():
        yield path + (name,), kind, spec
        if isinstance(kind, type) and issubclass(kind, Section):
            yield from _fields(kind, path + (name,))


FIELDS = list(_fields(Config))


def _data(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    data: Any = value
    for key in reversed(path):
        data = {key: data}
    return data


def _wrong_type(kind: Any) -> Any:
    """A TOML value that is not of the field's type (and would not mean it either)."""
    origin = typing.get_origin(kind)
    if kind is bool:
        return "maybe"
    if kind in (int, float):
        return "sixty"
    if kind is str:
        return 60
    if kind is time:
        return "7 in the morning"
    if origin is Literal:
        return "none of these"
    if origin in (list, tuple):
        return "one, two"
    return 5  # dict or a section: a table is expected


@pytest.mark.parametrize("path, kind", [(p, k) for p, k, _ in FIELDS], ids=lambda v: str(v))
def test_every_field_refuses_a_value_of_another_type(path: tuple[str, ...], kind: Any) -> None:
    with pytest.raises(ConfigError) as refused:
        build_config(_data(path, _wrong_type(kind)))
    assert f"key '{'.'.join(path)}'" in str(refused.value)


LIMITED = [(path, limit, bound) for path, _kind, spec in FIELDS
           for limit, bound in spec.limits.items()]


@pytest.mark.parametrize("path, limit, bound", LIMITED, ids=lambda v: str(v))
def test_every_declared_limit_is_enforced(path: tuple[str, ...], limit: str, bound: float) -> None:
    outside = {"ge": bound - 1, "gt": bound, "le": bound + 1, "min_length": "",
               "max_length": "x" * (int(bound) + 1)}[limit]
    if limit == "min_length" and path == ("towns",):
        outside = []
    with pytest.raises(ConfigError) as refused:
        build_config(_data(path, outside))
    assert f"key '{'.'.join(path)}'" in str(refused.value)


def test_limits_are_declared_where_a_wrong_value_would_matter() -> None:
    assert len(LIMITED) >= 40  # the bounds of every window, target and retry


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_each_profile_reads_into_typed_values(profile: str) -> None:
    config = build_config({"profile": profile})
    for path, kind, _spec in FIELDS:
        value: Any = config
        for key in path:
            value = getattr(value, key)
        origin = typing.get_origin(kind) or kind
        if origin is Literal:
            assert value in typing.get_args(kind)
        else:
            assert isinstance(value, origin), (path, value)


ODD_VALUES = [[1], [[]], {"a": 1}, {}, 1.5, -1, True, "x", "", datetime(2026, 1, 1),
              time(7), date(2026, 1, 1)]


@pytest.mark.parametrize("path, kind", [(p, k) for p, k, _ in FIELDS], ids=lambda v: str(v))
def test_any_toml_value_anywhere_is_read_or_refused_plainly(path: tuple[str, ...],
                                                            kind: Any) -> None:
    """Whatever TOML can hold, in any field: a config or one clear ConfigError, never another
    exception (which would reach the user as a crash)."""
    for value in ODD_VALUES:
        try:
            build_config(_data(path, value))
        except ConfigError:
            pass


@pytest.mark.parametrize("written, read", [
    ({"windows": {"crisis_hours": "48"}}, ("windows", "crisis_hours", 48)),
    ({"windows": {"crisis_hours": 48.0}}, ("windows", "crisis_hours", 48)),
    ({"replica": {"sync_interval": " 2.5 "}}, ("replica", "sync_interval", 2.5)),
    ({"ack": {"sms_replies": "yes"}}, ("ack", "sms_replies", True)),
    ({"ack": {"sms_replies": 0}}, ("ack", "sms_replies", False)),
    ({"report": {"at": "06:30"}}, ("report", "at", time(6, 30))),
])
def test_values_written_as_configs_before_could_still_read(written: dict, read: tuple) -> None:
    """The forms the pydantic-checked config accepted keep working after an upgrade."""
    section, key, value = read
    assert getattr(getattr(build_config(written), section), key) == value


@pytest.mark.parametrize("written", [
    {"windows": {"crisis_hours": "4.5"}}, {"windows": {"crisis_hours": True}},
    {"replica": {"sync_interval": float("nan")}}, {"replica": {"sync_interval": "inf"}},
    {"ack": {"sms_replies": 2}},
])
def test_values_that_could_mean_something_else_are_refused(written: dict) -> None:
    with pytest.raises(ConfigError):
        build_config(written)


def test_sections_are_read_only_and_replace_makes_a_copy() -> None:
    config = build_config({})
    with pytest.raises(AttributeError):
        config.profile = "ct-emps"  # type: ignore[misc]
    shorter = replace(config, windows=replace(config.windows, crisis_hours=48))
    assert shorter.windows.crisis_hours == 48 and config.windows.crisis_hours == 72
    assert shorter != config and replace(shorter, windows=config.windows) == config
