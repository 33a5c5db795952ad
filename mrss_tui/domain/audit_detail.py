"""What an audit row's ``detail`` may keep: ids, field names, codes and times, never the words.

Accounting needs to know *what* was disclosed or changed (which person, which record, which
fields), not to keep another copy of it: a name, an address, a note or a search typed in would
make the audit log a second, less protected copy of the record. So every value is kept only if
it is a number, a flag, or a field whose values are codes mrss chose (a status, a phase, a
time); any other text becomes ``TEXT`` (or "" when it was empty), and its field name stays.
"""

from __future__ import annotations

from typing import Any

TEXT = "[text]"

# Fields whose values are codes, times, logins or file names mrss made, not words about a person.
CODED = frozenset({
    "status", "phase", "kind", "mode", "slot", "role", "line", "triage", "acuity", "profile",
    "region", "risk_level", "others_level", "outcome", "disposition", "services", "origin",
    "credentials", "active", "login", "fingerprint", "search_kind", "path", "source", "label",
    "table", "week", "period", "authorized_keys", "wrapper", "transport", "at", "until",
    "action", "rows", "figures", "category", "scene_outcome", "channel", "answer",
})
# Text kept on purpose: the audit is the only record of why a dispatch time was back-dated
# (asked of staff as "why was it entered late", about the timing, not the person).
KEPT_TEXT = frozenset({"correction_reason"})
# Numbers that describe a person rather than count or name a record.
PERSONAL_NUMBERS = frozenset({"stated_age", "age"})


def safe_value(key: str, value: Any) -> Any:
    """``value`` as the audit may keep it under the field name ``key``."""
    if isinstance(value, dict):
        return {k: safe_value(str(k), v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [safe_value(key, v) for v in value]
    if key in PERSONAL_NUMBERS:
        return None if value is None else TEXT
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if key in CODED or key in KEPT_TEXT or key.endswith(("_id", "_ids", "_at", "_by")):
        return value
    return TEXT if str(value) else ""


def safe_detail(detail: dict[str, Any]) -> dict[str, Any]:
    return {key: safe_value(key, value) for key, value in detail.items()}
