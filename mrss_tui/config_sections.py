"""The tables of config.toml, one read-only section each: a field's type, default and limits are
declared here once and checked by ``config_fields.build_section`` (no pydantic: read at start).

A ``check_<field>`` static method refuses (ValueError) or cleans one value; ``check_whole``
checks fields against each other; ``before_check`` converts the raw table first.
"""

import re
from datetime import time
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from mrss_tui.config_fields import Section, bounded
from mrss_tui.domain.enums import Role
from mrss_tui.domain.page_fields import DEFAULT_PAGE_FIELDS, PAGE_FIELDS


class OutOfAreaProvider(Section):
    """Another provider a call from outside the area is handed to (Connecticut: a region's
    Mobile Crisis, or DMHAS's adult mobile crisis for adults)."""

    name: str = bounded(min_length=1, max_length=80)
    phone: str = bounded("", max_length=40)  # the number the coordinator transfers to
    counties: list[str] = bounded(factory=list)  # where it serves
    adult_service: bool = False  # takes the adults this program does not serve


class ProgramConfig(Section):
    name: str = bounded(min_length=1, max_length=80)
    timezone: str = bounded()
    serves: str = ""
    # Ages served, inclusive: intake warns when the person's age falls outside.
    serves_ages: tuple[int, int] = (0, 120)
    # "youth": child 0-11, youth 12-17, young adult 18-25, adult 26+;
    # "adult": the same under 18, then 18-25, 26-64 and 65+.
    age_bands: Literal["youth", "adult"] = "youth"
    # Words for the person served and the people around them ("family" or "family or supports").
    person_word: str = bounded("youth", min_length=1, max_length=20)
    supports_word: str = bounded("family", min_length=1, max_length=30)
    usual_line: Literal["988", "211", "911", "direct", "walk_in", "other"] = "988"
    # How a family reaches this program again, printed with its name on the family's copy.
    phone: str = bounded("", max_length=60)
    # Crisis numbers printed on the family's copy of the safety plan.
    crisis_numbers: list[str] = bounded(factory=list)
    # Providers an out-of-area call can be transferred to (triage "out of area"); a bare name
    # is a provider without phone or counties.
    out_of_area_providers: list[OutOfAreaProvider] = bounded(factory=list)
    # How a call is handed to another provider, shown when the triage is "out of area".
    transfer_steps: list[str] = bounded(factory=list)
    # Towns outside the area and their counties: a transferred call counts under its county.
    out_of_area_towns: dict[str, str] = bounded(factory=dict)
    # A high-risk caller handed to the adult service gets a "did they take it?" check this
    # many minutes later.
    handoff_check_minutes: int = bounded(60, ge=5, le=24 * 60)

    @staticmethod
    def before_check(data: dict[str, Any]) -> dict[str, Any]:
        providers = data.get("out_of_area_providers")
        if isinstance(providers, list):
            named = [{"name": v} if isinstance(v, str) else v for v in providers]
            return {**data, "out_of_area_providers": named}
        return data

    @property
    def provider_names(self) -> list[str]:
        return [p.name for p in self.out_of_area_providers]

    @property
    def adult_service(self) -> OutOfAreaProvider | None:
        return next((p for p in self.out_of_area_providers if p.adult_service), None)

    @staticmethod
    def check_serves_ages(value: tuple[int, int]) -> tuple[int, int]:
        low, high = value
        if not 0 <= low <= high <= 120:
            raise ValueError("must be [lowest, highest] ages, 0-120, lowest first")
        return value

    @staticmethod
    def check_timezone(value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("must be an IANA time zone name such as 'America/Los_Angeles'") from None
        return value


class ResponseConfig(Section):
    target_minutes: int = bounded(ge=5, le=24 * 60)
    warn_minutes: int = bounded(10, ge=0, le=240)
    # One staff member of each group must be on a dispatched team, e.g. [["clinician"], ["peer"]].
    required_team: list[list[Role]] = bounded(factory=list)
    record_911_incident: bool = False
    # Ask the risk-to-others screen (Brøset Violence Checklist + violence questions) at intake.
    screen_risk_to_others: bool = False

    @staticmethod
    def check_required_team(value: list[list[Role]]) -> list[list[Role]]:
        if any(not group for group in value):
            raise ValueError("each group names at least one role, e.g. [[\"clinician\"], "
                             "[\"peer\"]] (an empty group could never be met)")
        return value


class WindowsConfig(Section):
    crisis_hours: int = bounded(72, ge=1, le=24 * 14)
    stabilization_days: int = bounded(56, ge=1, le=365)


class FollowupsConfig(Section):
    first_contact_hours: int = bounded(24, ge=1, le=24 * 14)
    stabilization_every_days: int = bounded(7, ge=1, le=60)
    safety_plan_within_hours: int = bounded(24, ge=1, le=24 * 14)
    crisis_ending_warn_hours: int = bounded(6, ge=0, le=72)
    stabilization_ending_warn_days: int = bounded(7, ge=0, le=60)


class PagingConfig(Section):
    ack_timeout_minutes: int = bounded(10, ge=1, le=120)
    max_attempts: int = bounded(5, ge=1, le=20)
    retry_base_seconds: int = bounded(30, ge=1, le=3600)
    send_timeout_seconds: int = bounded(15, ge=1, le=120)
    # An urgent alert when a mobile-dispatch call has had no team paged for this many minutes.
    awaiting_alert_minutes: int = bounded(5, ge=1, le=120)
    # What a page carries besides its title and call time (minimum necessary by default).
    page_fields: list[str] = bounded(factory=lambda: list(DEFAULT_PAGE_FIELDS))

    @staticmethod
    def check_page_fields(value: list[str]) -> list[str]:
        unknown = [f for f in value if f not in PAGE_FIELDS]
        if unknown:
            raise ValueError(f"unknown page field(s) {', '.join(unknown)}; "
                             f"choose from {', '.join(PAGE_FIELDS)}")
        return value


NOTIFICATION_URL = re.compile(r"[a-z][a-z0-9+]*://[^\s/?#][^\s]*")


class ReportConfig(Section):
    suppression_threshold: int = bounded(10, ge=0, le=100)
    weekday: Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"] = "mon"
    at: time = time(7, 0)
    email_url: str = ""

    @staticmethod
    def check_email_url(value: str) -> str:
        if value and not NOTIFICATION_URL.fullmatch(value):
            raise ValueError("must be an apprise notification URL such as "
                             "'mailtos://user:password@mail.example.org?to=county@example.org'")
        return value


def _absolute_or_empty(value: str) -> str:
    if value and not Path(value).expanduser().is_absolute():
        raise ValueError('must be an absolute folder path (or "" for the default)')
    return value


class PathsConfig(Section):
    """Where mrss writes besides the database (workflow/files.py decides each folder from this).
    "" means the default: a folder next to the database, never under HOME."""
    # Prints, safety plans, reports a person writes, exports and crash reports go in sub-folders.
    output: str = ""
    # The weekly county reports the worker files.
    filed_reports: str = ""

    check_output = staticmethod(_absolute_or_empty)
    check_filed_reports = staticmethod(_absolute_or_empty)


class ReplicaConfig(Section):
    """Continuous replication with Litestream (``mrss replicate``); no url: not replicated."""
    # file:///mnt/replica, sftp://backup@standby/var/lib/mrss-replica or s3://bucket/path
    url: str = ""
    # Seconds between uploads of new transactions (the most a lost server can lose).
    sync_interval: float = bounded(1.0, gt=0, le=3600)
    # Hours of history kept for a restore to a point in time; a full snapshot every day.
    retention_hours: int = bounded(72, ge=1, le=24 * 366)
    snapshot_hours: int = bounded(24, ge=1, le=24 * 31)
    # `mrss check` and the supervisors' board warn when writes this old are not on the replica.
    stale_after_seconds: int = bounded(60, ge=5, le=24 * 3600)
    # s3: an S3-compatible endpoint and region (keys come from LITESTREAM_ACCESS_KEY_ID and
    # LITESTREAM_SECRET_ACCESS_KEY in the environment, never from this file).
    endpoint: str = ""
    region: str = ""
    # sftp: the private key and the standby's host key line ("ssh-ed25519 AAAA...").
    key_path: str = ""
    host_key: str = ""

    @staticmethod
    def check_url(value: str) -> str:
        if value and value.split("://", 1)[0] not in ("file", "sftp", "s3"):
            raise ValueError("must start with file://, sftp:// or s3://")
        if value.startswith("file://") and not value.removeprefix("file://").startswith("/"):
            raise ValueError("a file:// replica needs an absolute folder: file:///mnt/replica")
        return value


class AckConfig(Section):
    """Answering pages from the phone (``mrss ack-server``, ``mrss sms-reply``)."""

    # The address phones open (the line's HTTPS reverse proxy); empty: pages carry no links.
    base_url: str = bounded("", max_length=200)
    # Where ``mrss ack-server`` listens; keep it on loopback behind the reverse proxy.
    listen: str = "127.0.0.1:8086"
    # A link works this long after its page was sent.
    link_minutes: int = bounded(180, ge=5, le=24 * 60)
    # The signing keys (not in the database); empty: next to the database, "<db>.ack-keys".
    key_file: str = bounded("", max_length=500)
    # Pages tell members they can answer by SMS (gammu-smsd's RunOnReceive calls mrss sms-reply).
    sms_replies: bool = False

    @staticmethod
    def check_base_url(value: str) -> str:
        value = value.strip()
        if value and not re.fullmatch(r"https?://[A-Za-z0-9.\-\[\]:]+(/[A-Za-z0-9._~/\-]*)?", value):
            raise ValueError("must be an http:// or https:// address without query, "
                             "e.g. https://crisis.example.org/ack")
        return value.rstrip("/")

    @staticmethod
    def check_listen(value: str) -> str:
        host, _, port = value.rpartition(":")
        if not host or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError("must be HOST:PORT, e.g. 127.0.0.1:8086")
        return value


class SessionConfig(Section):
    idle_lock_minutes: int = bounded(5, ge=1, le=240)
    idle_end_minutes: int = bounded(30, ge=1, le=24 * 60)

    def check_whole(self) -> None:
        if self.idle_end_minutes <= self.idle_lock_minutes:
            raise ValueError("idle_end_minutes must be longer than idle_lock_minutes")


class Town(Section):
    name: str = bounded(min_length=1)
    county: str = bounded(min_length=1)
    region: str = bounded(min_length=1)
    cit_police: bool = False
