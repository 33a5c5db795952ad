"""Built-in program profiles: the defaults a config.toml starts from.

Each profile is plain data in the same shape as config.toml, so any value can be overridden.
Towns are real rural places (public geography); nothing here describes a person.
"""

from __future__ import annotations

from typing import Any


def _towns(rows: list[tuple[str, str, str, bool]]) -> list[dict[str, Any]]:
    return [{"name": n, "county": c, "region": r, "cit_police": cit} for n, c, r, cit in rows]


def _provider(name: str, counties: list[str]) -> dict[str, Any]:
    return {"name": name, "phone": "2-1-1, press 1", "counties": counties}


PROFILES: dict[str, dict[str, Any]] = {
    "oregon-mrss": {
        "program": {
            "name": "High Desert Youth MRSS",
            "timezone": "America/Los_Angeles",
            "serves": "Children, youth and young adults under 21, and their families",
            "serves_ages": [0, 20],
            "age_bands": "youth",
            "person_word": "youth",
            "supports_word": "family",
            "usual_line": "988",
            "phone": "988, ask for the local youth mobile team",
            "crisis_numbers": ["988 Suicide & Crisis Lifeline (call or text 988)",
                               "Emergency: 911"],
            "out_of_area_providers": [],
        },
        "response": {
            "target_minutes": 60,
            "warn_minutes": 10,
            "required_team": [["clinician"], ["peer"]],
            "record_911_incident": False,
        },
        "windows": {"crisis_hours": 72, "stabilization_days": 56},
        "towns": _towns(
            [
                ("Burns", "Harney", "Harney", False),
                ("Hines", "Harney", "Harney", False),
                ("Crane", "Harney", "Harney", False),
                ("John Day", "Grant", "Grant", False),
                ("Prairie City", "Grant", "Grant", False),
                ("Lakeview", "Lake", "Lake", True),
                ("Christmas Valley", "Lake", "Lake", False),
                ("Ontario", "Malheur", "Malheur", True),
                ("Vale", "Malheur", "Malheur", False),
                ("Nyssa", "Malheur", "Malheur", False),
            ]
        ),
    },
    "ct-emps": {
        "program": {
            "name": "Northwest Hills EMPS",
            "timezone": "America/New_York",
            "serves": "Children and youth under 19 (2-1-1, press 1)",
            "serves_ages": [0, 18],
            "age_bands": "youth",
            "person_word": "child",
            "supports_word": "family",
            "usual_line": "211",
            "phone": "2-1-1, press 1",
            "crisis_numbers": ["Mobile Crisis (EMPS): dial 2-1-1, press 1",
                               "988 Suicide & Crisis Lifeline", "Emergency: 911"],
            # Other Connecticut Mobile Crisis providers a statewide call is transferred to
            # (regions as published by 2-1-1; names are regional, not a particular agency). The
            # published route to each is 2-1-1, press 1; a deployment puts direct lines here.
            "out_of_area_providers": [
                _provider("Hartford region Mobile Crisis", ["Hartford", "Tolland"]),
                _provider("New Haven region Mobile Crisis", ["New Haven"]),
                _provider("Fairfield region Mobile Crisis", ["Fairfield"]),
                _provider("Middlesex region Mobile Crisis", ["Middlesex"]),
                _provider("Eastern CT Mobile Crisis", ["New London"]),
                {**_provider("DMHAS adult mobile crisis (local mental health authority)", []),
                 "adult_service": True},
            ],
            "transfer_steps": [
                "Take the callback number first; keep the caller on the line",
                "Call the provider and give the town, the child's age, what is happening, "
                "risk and safety concerns",
                "Introduce the caller (warm transfer); stay on until the provider has them",
                "No answer and the child is in danger: call 911",
            ],
            # Connecticut towns outside this line's area, so a transferred call counts under
            # its county (public geography).
            "out_of_area_towns": {
                "Hartford": "Hartford", "West Hartford": "Hartford", "New Britain": "Hartford",
                "Bristol": "Hartford", "Manchester": "Hartford", "Enfield": "Hartford",
                "Vernon": "Tolland", "Mansfield": "Tolland", "Tolland": "Tolland",
                "New Haven": "New Haven", "Waterbury": "New Haven", "Meriden": "New Haven",
                "Bridgeport": "Fairfield", "Stamford": "Fairfield", "Danbury": "Fairfield",
                "Norwalk": "Fairfield", "Middletown": "Middlesex", "Old Saybrook": "Middlesex",
                "New London": "New London", "Norwich": "New London", "Groton": "New London",
            },
        },
        "response": {
            "target_minutes": 45,
            "warn_minutes": 10,
            "required_team": [["clinician"]],
            "record_911_incident": False,
        },
        "windows": {"crisis_hours": 72, "stabilization_days": 42},
        "towns": _towns(
            [
                ("Torrington", "Litchfield", "Northwest", True),
                ("Winchester", "Litchfield", "Northwest", True),
                ("New Hartford", "Litchfield", "Northwest", False),
                ("Litchfield", "Litchfield", "Northwest", True),
                ("Canaan", "Litchfield", "Northwest", False),
                ("Sharon", "Litchfield", "Northwest", False),
                ("Putnam", "Windham", "Northeast", True),
                ("Killingly", "Windham", "Northeast", True),
                ("Woodstock", "Windham", "Northeast", False),
                ("Thompson", "Windham", "Northeast", False),
            ]
        ),
    },
    "okc-crt": {
        "program": {
            "name": "Metro Crisis Response Team",
            "timezone": "America/Chicago",
            "serves": "Anyone in the city (911-originated calls)",
            "serves_ages": [0, 120],
            "age_bands": "adult",
            "person_word": "person",
            "supports_word": "family or supports",
            "usual_line": "911",
            "phone": "911, ask for the Crisis Response Team",
            "crisis_numbers": ["Emergency or Crisis Response Team: 911",
                               "988 Suicide & Crisis Lifeline"],
            "out_of_area_providers": [],
        },
        "response": {
            "target_minutes": 60,
            "warn_minutes": 10,
            "required_team": [["paramedic"], ["navigator"]],
            "record_911_incident": True,
            "screen_risk_to_others": True,
        },
        "windows": {"crisis_hours": 72, "stabilization_days": 56},
        "towns": _towns(
            [
                ("Oklahoma City", "Oklahoma", "Central", True),
                ("Bethany", "Oklahoma", "West", True),
                ("Warr Acres", "Oklahoma", "West", True),
                ("Mustang", "Canadian", "West", False),
                ("Yukon", "Canadian", "West", True),
                ("Moore", "Cleveland", "South", True),
                ("Del City", "Oklahoma", "East", True),
                ("Midwest City", "Oklahoma", "East", True),
                ("Spencer", "Oklahoma", "East", False),
                ("Choctaw", "Oklahoma", "East", False),
            ]
        ),
    },
}

DEFAULT_PROFILE = "oregon-mrss"
