"""config.toml: a profile supplies the defaults, any key overrides them, pydantic validates.

Unknown keys are errors (a typo must not silently fall back to a default on a crisis line).
Error messages name the key, the value and what is allowed.
"""

from __future__ import annotations

import copy
import os
import re
import tomllib
from datetime import time
from functools import cached_property
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from mrss_tui.domain.binding_ids import BINDING_IDS
from mrss_tui.domain.enums import Role
from mrss_tui.domain.text import PlainTextModel
from mrss_tui.domain.page_fields import DEFAULT_PAGE_FIELDS, PAGE_FIELDS
from mrss_tui.errors import ConfigError
from mrss_tui.domain.profiles import DEFAULT_PROFILE, PROFILES


class _Section(PlainTextModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_true_for_a_number(cls, value: Any, info: ValidationInfo) -> Any:
        """TOML's true/false is not a number (pydantic would read true as 1)."""
        field = cls.model_fields.get(info.field_name or "")
        if isinstance(value, bool) and field is not None and field.annotation in (int, float):
            raise ValueError("must be a number, not true or false")
        return value


class OutOfAreaProvider(_Section):
    """Another provider a call from outside the area is handed to (Connecticut: a region's
    Mobile Crisis, or DMHAS's adult mobile crisis for adults)."""

    name: str = Field(min_length=1, max_length=80)
    phone: str = Field(default="", max_length=40)  # the number the coordinator transfers to
    counties: list[str] = Field(default_factory=list)  # where it serves
    adult_service: bool = False  # takes the adults this program does not serve


class ProgramConfig(_Section):
    name: str = Field(min_length=1, max_length=80)
    timezone: str
    serves: str = ""
    # Ages served, inclusive: intake warns when the person's age falls outside.
    serves_ages: tuple[int, int] = (0, 120)
    # "youth": child 0-11, youth 12-17, young adult 18-25, adult 26+;
    # "adult": the same under 18, then 18-25, 26-64 and 65+.
    age_bands: Literal["youth", "adult"] = "youth"
    # Words for the person served and the people around them ("family" or "family or supports").
    person_word: str = Field(default="youth", min_length=1, max_length=20)
    supports_word: str = Field(default="family", min_length=1, max_length=30)
    usual_line: Literal["988", "211", "911", "direct", "walk_in", "other"] = "988"
    # How a family reaches this program again, printed with its name on the family's copy.
    phone: str = Field(default="", max_length=60)
    # Crisis numbers printed on the family's copy of the safety plan.
    crisis_numbers: list[str] = Field(default_factory=list)
    # Providers an out-of-area call can be transferred to (triage "out of area"); a bare name
    # is a provider without phone or counties.
    out_of_area_providers: list[OutOfAreaProvider] = Field(default_factory=list)
    # How a call is handed to another provider, shown when the triage is "out of area".
    transfer_steps: list[str] = Field(default_factory=list)
    # Towns outside the area and their counties: a transferred call counts under its county.
    out_of_area_towns: dict[str, str] = Field(default_factory=dict)
    # A high-risk caller handed to the adult service gets a "did they take it?" check this
    # many minutes later.
    handoff_check_minutes: int = Field(default=60, ge=5, le=24 * 60)

    @field_validator("out_of_area_providers", mode="before")
    @classmethod
    def _names_are_providers(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"name": v} if isinstance(v, str) else v for v in value]
        return value

    @property
    def provider_names(self) -> list[str]:
        return [p.name for p in self.out_of_area_providers]

    @property
    def adult_service(self) -> OutOfAreaProvider | None:
        return next((p for p in self.out_of_area_providers if p.adult_service), None)

    @field_validator("serves_ages")
    @classmethod
    def _ordered_ages(cls, value: tuple[int, int]) -> tuple[int, int]:
        low, high = value
        if not 0 <= low <= high <= 120:
            raise ValueError("must be [lowest, highest] ages, 0-120, lowest first")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("must be an IANA time zone name such as 'America/Los_Angeles'") from None
        return value


class ResponseConfig(_Section):
    target_minutes: int = Field(ge=5, le=24 * 60)
    warn_minutes: int = Field(default=10, ge=0, le=240)
    # One staff member of each group must be on a dispatched team, e.g. [["clinician"], ["peer"]].
    required_team: list[list[Role]] = Field(default_factory=list)
    record_911_incident: bool = False
    # Ask the risk-to-others screen (Brøset Violence Checklist + violence questions) at intake.
    screen_risk_to_others: bool = False

    @field_validator("required_team")
    @classmethod
    def _groups_not_empty(cls, value: list[list[Role]]) -> list[list[Role]]:
        if any(not group for group in value):
            raise ValueError("each group names at least one role, e.g. [[\"clinician\"], "
                             "[\"peer\"]] (an empty group could never be met)")
        return value


class WindowsConfig(_Section):
    crisis_hours: int = Field(default=72, ge=1, le=24 * 14)
    stabilization_days: int = Field(default=56, ge=1, le=365)


class FollowupsConfig(_Section):
    first_contact_hours: int = Field(default=24, ge=1, le=24 * 14)
    stabilization_every_days: int = Field(default=7, ge=1, le=60)
    safety_plan_within_hours: int = Field(default=24, ge=1, le=24 * 14)
    crisis_ending_warn_hours: int = Field(default=6, ge=0, le=72)
    stabilization_ending_warn_days: int = Field(default=7, ge=0, le=60)


class PagingConfig(_Section):
    ack_timeout_minutes: int = Field(default=10, ge=1, le=120)
    max_attempts: int = Field(default=5, ge=1, le=20)
    retry_base_seconds: int = Field(default=30, ge=1, le=3600)
    send_timeout_seconds: int = Field(default=15, ge=1, le=120)
    # An urgent alert when a mobile-dispatch call has had no team paged for this many minutes.
    awaiting_alert_minutes: int = Field(default=5, ge=1, le=120)
    # What a page carries besides its title and call time (minimum necessary by default).
    page_fields: list[str] = Field(default_factory=lambda: list(DEFAULT_PAGE_FIELDS))

    @field_validator("page_fields")
    @classmethod
    def _known_fields(cls, value: list[str]) -> list[str]:
        unknown = [f for f in value if f not in PAGE_FIELDS]
        if unknown:
            raise ValueError(f"unknown page field(s) {', '.join(unknown)}; "
                             f"choose from {', '.join(PAGE_FIELDS)}")
        return value


NOTIFICATION_URL = re.compile(r"[a-z][a-z0-9+]*://[^\s/?#][^\s]*")


class ReportConfig(_Section):
    suppression_threshold: int = Field(default=10, ge=0, le=100)
    weekday: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"] = "mon"
    at: time = time(7, 0)
    email_url: str = ""

    @field_validator("email_url")
    @classmethod
    def _looks_like_a_url(cls, value: str) -> str:
        if value and not NOTIFICATION_URL.fullmatch(value):
            raise ValueError("must be an apprise notification URL such as "
                             "'mailtos://user:password@mail.example.org?to=county@example.org'")
        return value


class PathsConfig(_Section):
    """Where mrss writes besides the database (workflow/files.py decides each folder from this).
    "" means the default: a folder next to the database, never under HOME."""
    # Prints, safety plans, reports a person writes, exports and crash reports go in sub-folders.
    output: str = ""
    # The weekly county reports the worker files.
    filed_reports: str = ""

    @field_validator("output", "filed_reports")
    @classmethod
    def _absolute_or_empty(cls, value: str) -> str:
        if value and not Path(value).expanduser().is_absolute():
            raise ValueError('must be an absolute folder path (or "" for the default)')
        return value


class ReplicaConfig(_Section):
    """Continuous replication with Litestream (``mrss replicate``); no url: not replicated."""
    # file:///mnt/replica, sftp://backup@standby/var/lib/mrss-replica or s3://bucket/path
    url: str = ""
    # Seconds between uploads of new transactions (the most a lost server can lose).
    sync_interval: float = Field(default=1.0, gt=0, le=3600)
    # Hours of history kept for a restore to a point in time; a full snapshot every day.
    retention_hours: int = Field(default=72, ge=1, le=24 * 366)
    snapshot_hours: int = Field(default=24, ge=1, le=24 * 31)
    # `mrss check` and the supervisors' board warn when writes this old are not on the replica.
    stale_after_seconds: int = Field(default=60, ge=5, le=24 * 3600)
    # s3: an S3-compatible endpoint and region (keys come from LITESTREAM_ACCESS_KEY_ID and
    # LITESTREAM_SECRET_ACCESS_KEY in the environment, never from this file).
    endpoint: str = ""
    region: str = ""
    # sftp: the private key and the standby's host key line ("ssh-ed25519 AAAA...").
    key_path: str = ""
    host_key: str = ""

    @field_validator("url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        if value and value.split("://", 1)[0] not in ("file", "sftp", "s3"):
            raise ValueError("must start with file://, sftp:// or s3://")
        if value.startswith("file://") and not value.removeprefix("file://").startswith("/"):
            raise ValueError("a file:// replica needs an absolute folder: file:///mnt/replica")
        return value


class AckConfig(_Section):
    """Answering pages from the phone (``mrss ack-server``, ``mrss sms-reply``)."""

    # The address phones open (the line's HTTPS reverse proxy); empty: pages carry no links.
    base_url: str = Field(default="", max_length=200)
    # Where ``mrss ack-server`` listens; keep it on loopback behind the reverse proxy.
    listen: str = "127.0.0.1:8086"
    # A link works this long after its page was sent.
    link_minutes: int = Field(default=180, ge=5, le=24 * 60)
    # The signing keys (not in the database); empty: next to the database, "<db>.ack-keys".
    key_file: str = Field(default="", max_length=500)
    # Pages tell members they can answer by SMS (gammu-smsd's RunOnReceive calls mrss sms-reply).
    sms_replies: bool = False

    @field_validator("base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        value = value.strip()
        if value and not re.fullmatch(r"https?://[A-Za-z0-9.\-\[\]:]+(/[A-Za-z0-9._~/\-]*)?", value):
            raise ValueError("must be an http:// or https:// address without query, "
                             "e.g. https://crisis.example.org/ack")
        return value.rstrip("/")

    @field_validator("listen")
    @classmethod
    def _host_port(cls, value: str) -> str:
        host, _, port = value.rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError("must be HOST:PORT, e.g. 127.0.0.1:8086")
        return value


class SessionConfig(_Section):
    idle_lock_minutes: int = Field(default=5, ge=1, le=240)
    idle_end_minutes: int = Field(default=30, ge=1, le=24 * 60)

    @model_validator(mode="after")
    def _end_after_lock(self) -> "SessionConfig":
        if self.idle_end_minutes <= self.idle_lock_minutes:
            raise ValueError("idle_end_minutes must be longer than idle_lock_minutes")
        return self


class Town(_Section):
    name: str = Field(min_length=1)
    county: str = Field(min_length=1)
    region: str = Field(min_length=1)
    cit_police: bool = False


class Config(_Section):
    profile: str = DEFAULT_PROFILE
    program: ProgramConfig
    response: ResponseConfig
    # Factories, not instances: an instance here would build each section's validator at
    # import, and Config's own validator builds them again (start-up time).
    windows: WindowsConfig = Field(default_factory=WindowsConfig)
    followups: FollowupsConfig = Field(default_factory=FollowupsConfig)
    paging: PagingConfig = Field(default_factory=PagingConfig)
    report: ReportConfig = Field(default_factory=ReportConfig)
    paths: PathsConfig = Field(default_factory=PathsConfig)
    replica: ReplicaConfig = Field(default_factory=ReplicaConfig)
    session: SessionConfig = Field(default_factory=SessionConfig)
    ack: AckConfig = Field(default_factory=AckConfig)
    towns: list[Town] = Field(min_length=1)
    # Key remapping: binding id -> key(s), e.g. {"nav.board" = "f1"}; ids are listed by '?'.
    keys: dict[str, str] = Field(default_factory=dict)

    model_config = ConfigDict(extra="forbid", frozen=True, ignored_types=(cached_property,))

    @field_validator("profile")
    @classmethod
    def _known_profile(cls, value: str) -> str:
        if value not in PROFILES:
            raise ValueError(f"must be one of {', '.join(sorted(PROFILES))}")
        return value

    @field_validator("keys")
    @classmethod
    def _known_bindings(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - BINDING_IDS)
        if unknown:
            raise ValueError(f"unknown binding id(s) {', '.join(unknown)}; '?' in the app lists "
                             "each screen's ids (e.g. nav.board, app.help)")
        if any(not keys.strip() for keys in value.values()):
            raise ValueError("each binding needs a key, e.g. \"f1\"")
        return value

    @model_validator(mode="after")
    def _unique_towns(self) -> "Config":
        seen: set[str] = set()
        for town in self.towns:
            key = town.name.casefold()
            if key in seen:
                raise ValueError(f"town '{town.name}' is listed twice")
            seen.add(key)
        return self

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
        return Config.model_validate(merged)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, source)) from None


def _describe(exc: ValidationError, source: str) -> str:
    parts = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"]) or "(top level)"
        if err["type"] == "extra_forbidden":
            parts.append(f"{source}: unknown key '{key}' (check its spelling; see config.toml)")
            continue
        msg = err["msg"].removeprefix("Value error, ")
        value = err.get("input")
        shown = "" if isinstance(value, dict) else f" has value {value!r}"
        parts.append(f"{source}: key '{key}'{shown}: {msg}")
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
