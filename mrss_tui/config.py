"""config.toml: a profile supplies the defaults, any key overrides them, and every value is
checked against its declaration in ``config_sections`` (plain Python, no pydantic: the
config is read before the first frame, and pydantic's import and validator build were a third of
mrss's own start-up).

Unknown keys are errors (a typo must not silently fall back to a default on a crisis line).
Error messages name the key, the value and what is allowed.
"""

import copy
import os
import tomllib
from functools import cached_property
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from mrss_tui.config_fields import Problems, Section, bounded, build_section
from mrss_tui.config_sections import (  # noqa: F401 - the sections are part of this module's API
    AckConfig,
    FollowupsConfig,
    OutOfAreaProvider,
    PagingConfig,
    PathsConfig,
    ProgramConfig,
    ReplicaConfig,
    ReportConfig,
    ResponseConfig,
    SessionConfig,
    Town,
    WindowsConfig,
)
from mrss_tui.domain.binding_ids import BINDING_IDS
from mrss_tui.domain.profiles import DEFAULT_PROFILE, PROFILES
from mrss_tui.errors import ConfigError


class Config(Section):
    program: ProgramConfig
    response: ResponseConfig
    towns: list[Town] = bounded(min_length=1)
    profile: str = DEFAULT_PROFILE
    windows: WindowsConfig = bounded(factory=WindowsConfig)
    followups: FollowupsConfig = bounded(factory=FollowupsConfig)
    paging: PagingConfig = bounded(factory=PagingConfig)
    report: ReportConfig = bounded(factory=ReportConfig)
    paths: PathsConfig = bounded(factory=PathsConfig)
    replica: ReplicaConfig = bounded(factory=ReplicaConfig)
    session: SessionConfig = bounded(factory=SessionConfig)
    ack: AckConfig = bounded(factory=AckConfig)
    # Key remapping: binding id -> key(s), e.g. {"nav.board" = "f1"}; ids are listed by '?'.
    keys: dict[str, str] = bounded(factory=dict)

    @staticmethod
    def check_profile(value: str) -> str:
        if value not in PROFILES:
            raise ValueError(f"must be one of {', '.join(sorted(PROFILES))}")
        return value

    @staticmethod
    def check_keys(value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - BINDING_IDS)
        if unknown:
            raise ValueError(f"unknown binding id(s) {', '.join(unknown)}; '?' in the app lists "
                             "each screen's ids (e.g. nav.board, app.help)")
        if any(not keys.strip() for keys in value.values()):
            raise ValueError("each binding needs a key, e.g. \"f1\"")
        return value

    def check_whole(self) -> None:
        seen: set[str] = set()
        for town in self.towns:
            key = town.name.casefold()
            if key in seen:
                raise ValueError(f"town '{town.name}' is listed twice")
            seen.add(key)

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.program.timezone)

    def town(self, name: str) -> Town | None:
        key = name.strip().casefold()
        return next((t for t in self.towns if t.name.casefold() == key), None)

    @property
    def counties(self) -> list[str]:
        return sorted({t.county for t in self.towns})

    @property
    def regions(self) -> list[str]:
        return sorted({t.region for t in self.towns})




def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge tables; lists and scalars in ``override`` replace those in ``base``."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def build_config(data: dict[str, Any], source: str = "config") -> Config:
    profile = data.get("profile", DEFAULT_PROFILE)
    if not isinstance(profile, str) or profile not in PROFILES:
        raise ConfigError(
            f"{source}: key 'profile': value {profile!r} is not allowed; "
            f"expected one of {', '.join(sorted(PROFILES))}"
        )
    merged = _merge(PROFILES[profile], data)
    merged["profile"] = profile
    try:
        return build_section(Config, merged)
    except Problems as refused:
        raise ConfigError(_describe(refused, source)) from None


def _describe(refused: Problems, source: str) -> str:
    parts = []
    for problem in refused.problems:
        key = ".".join(str(p) for p in problem.path) or "(top level)"
        if problem.unknown:
            parts.append(f"{source}: unknown key '{key}' (check its spelling; see config.toml)")
            continue
        if problem.missing:
            parts.append(f"{source}: key '{key}' is required")
            continue
        value = problem.value
        shown = "" if value is None or isinstance(value, dict) else f" has value {value!r}"
        parts.append(f"{source}: key '{key}'{shown}: {problem.message}")
    return "; ".join(parts)


def load_config(path: Path | None) -> Config:
    """Load a config file; ``None`` means the built-in default profile with no overrides."""
    if path is None:
        return build_config({}, "defaults")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {path}") from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))  # an editor's byte-order mark is fine
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    return build_config(data, str(path))


def default_config_path() -> Path | None:
    """MRSS_CONFIG, else the XDG config file if it exists, else None (built-in defaults)."""
    env = os.environ.get("MRSS_CONFIG")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    candidate = user_config_path("mrss") / "config.toml"
    return candidate if candidate.exists() else None
