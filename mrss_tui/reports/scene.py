"""The report's "On scene" section: how face-to-face responses ended (the programs' aims,
"stabilized without ED" and "without arrest"), law enforcement per call, and risk to others.

Kept apart from compute.py so the suppression rework there merges cleanly: it uses only the
builder's ``count``, ``part_and_share`` and ``breakdown``.
"""

from __future__ import annotations

from mrss_tui.domain.assessment import RequestedBy, SceneOutcome
from mrss_tui.domain.enums import RiskLevel
from mrss_tui.domain.scene_tallies import SceneTallies
from mrss_tui.reports.model import Section

DEFINITIONS: list[tuple[str, str]] = [
    ("Face-to-face responses", "A team's first face-to-face contact in a crisis phase, dated in "
                               "the week, each with its on-scene outcome."),
    ("Stabilized without ED", "Responses whose outcome was 'stabilized in place': no emergency "
                              "department, crisis center, hold or arrest."),
    ("Share stabilized without ED", "Responses stabilized without ED divided by all "
                                    "face-to-face responses of the week."),
    ("Without arrest", "Responses whose outcome was anything but arrest."),
    ("Share without arrest", "Responses without arrest divided by all face-to-face responses "
                             "of the week."),
    ("Calls with law enforcement on scene", "Calls received in the week where officers were on "
                                            "scene with the team, counted once per call however "
                                            "many dispatches it had."),
    ("With CIT-trained officers", "Of those, calls where the officers were CIT-trained."),
    ("Calls by risk to others", "Calls screened with the Brøset Violence Checklist and the "
                                "violence questions, by level."),
]


def scene_section(b, s: SceneTallies) -> Section:
    """``b`` is reports.compute._Builder."""
    without_ed, without_ed_share = b.part_and_share(
        "scene.without_ed", "Stabilized without ED", "Share stabilized without ED",
        s.stabilized_without_ed, s.responses)
    no_arrest, no_arrest_share = b.part_and_share(
        "scene.without_arrest", "Without arrest", "Share without arrest",
        s.without_arrest, s.responses)
    return Section(key="scene", title="On scene", figures=[
        b.count("scene.responses", "Face-to-face responses", s.responses),
        without_ed, without_ed_share, no_arrest, no_arrest_share,
        b.count("scene.le_calls", "Calls with law enforcement on scene", s.le_on_scene_calls),
        b.count("scene.le_cit", "With CIT-trained officers", s.le_cit_calls),
    ], tables=[
        b.breakdown("scene.outcome", "Face-to-face responses by on-scene outcome", s.by_outcome,
                    [v.value for v in SceneOutcome]),
        b.breakdown("scene.le_requested", "Calls with law enforcement on scene by requester",
                    s.le_requested_by,
                    [v.value for v in RequestedBy]),
        b.breakdown("scene.others", "Calls by risk to others", s.by_others_level,
                    [v.value for v in RiskLevel]),
    ])
