from __future__ import annotations

from pathlib import Path

import pytest

from mrss_tui.config import build_config, load_config
from mrss_tui.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("profile", "target", "stabilization", "zone", "team"),
    [
        ("oregon-mrss", 60, 56, "America/Los_Angeles", [["clinician"], ["peer"]]),
        ("ct-emps", 45, 42, "America/New_York", [["clinician"]]),
        ("okc-crt", 60, 56, "America/Chicago", [["paramedic"], ["navigator"]]),
    ],
)
def test_profiles(profile: str, target: int, stabilization: int, zone: str, team) -> None:
    config = build_config({"profile": profile})
    assert config.response.target_minutes == target
    assert config.windows.stabilization_days == stabilization
    assert config.windows.crisis_hours == 72
    assert config.program.timezone == zone
    assert [[r.value for r in group] for group in config.response.required_team] == team
    assert config.response.record_911_incident is (profile == "okc-crt")


def test_any_value_can_be_overridden() -> None:
    config = build_config({"profile": "ct-emps", "response": {"target_minutes": 30},
                           "report": {"suppression_threshold": 5},
                           "towns": [{"name": "Ñuñoa", "county": "Santiago", "region": "Sur"}]})
    assert config.response.target_minutes == 30
    assert config.response.warn_minutes == 10  # untouched keys keep the profile's value
    assert config.report.suppression_threshold == 5
    assert [t.name for t in config.towns] == ["Ñuñoa"]
    assert config.town("ñuñoa").county == "Santiago"


def test_the_documented_config_file_loads() -> None:
    config = load_config(REPO / "config.toml")
    assert config.profile == "oregon-mrss"


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"profile": "texas"}, "key 'profile': value 'texas' is not allowed; expected one of"),
        ({"windows": {"crisis_hours": "three days"}}, "key 'windows.crisis_hours' has value 'three days'"),
        ({"windows": {"crisis_hours": 0}}, "key 'windows.crisis_hours' has value 0"),
        ({"windwos": {}}, "unknown key 'windwos'"),
        ({"response": {"target_minute": 45}}, "unknown key 'response.target_minute'"),
        ({"program": {"timezone": "Mars/Olympus"}}, "IANA time zone"),
        ({"response": {"required_team": [["pilot"]]}}, "key 'response.required_team.0.0' has value 'pilot'"),
        ({"session": {"idle_lock_minutes": 20, "idle_end_minutes": 10}}, "idle_end_minutes must be longer"),
        ({"towns": [{"name": "A", "county": "B", "region": "C"}, {"name": "a", "county": "B", "region": "C"}]},
         "town 'a' is listed twice"),
    ],
)
def test_bad_values_name_the_key_value_and_what_is_allowed(data: dict, fragment: str) -> None:
    with pytest.raises(ConfigError) as info:
        build_config(data)
    assert fragment in str(info.value)


def test_malformed_toml_is_one_clear_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('profile = "ct-emps"\n[response\ntarget_minutes = 45\n')
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(path) in str(info.value) and "not valid TOML" in str(info.value)


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "absent.toml")
