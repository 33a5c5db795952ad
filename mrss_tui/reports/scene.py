"""The report's "On scene" section: how face-to-face responses ended (the programs' aims,
"stabilized without ED" and "without arrest"), law enforcement per call, and risk to others.

Its counts join the report's one suppressor (reports/compute.py ``_Builder``) with every
identity that holds between them, so a hidden outcome cannot be worked out from a shown total:
responses = the sum of outcomes = without arrest + arrests; calls with officers on scene = the sum
by requester = with CIT officers + the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from mrss_tui.domain.assessment import RequestedBy, SceneOutcome
from mrss_tui.domain.enums import RiskLevel
from mrss_tui.domain.scene_tallies import SceneTallies
from mrss_tui.domain.suppression import Suppressor
from mrss_tui.reports.model import Section

STABILIZED = f"scene.outcome.{SceneOutcome.STABILIZED_IN_PLACE.value}"
ARRESTED = f"scene.outcome.{SceneOutcome.ARREST.value}"
# Each breakdown and the total its rows add up to (registered by the builder from the rows).
SCENE_TOTALS = {"scene.outcome": "scene.responses", "scene.le_requested": "scene.le_calls",
                "scene.others": "scene.others_screened"}

DEFINITIONS: list[tuple[str, str]] = [
    ("Face-to-face responses", "Episodes whose first face-to-face response fell in the period, "
                               "each counted once under its one on-scene outcome ('Not "
                               "recorded' when none was)."),
    ("Stabilized without ED", "Responses whose outcome was 'stabilized in place': no emergency "
                              "department, crisis center, hold or arrest."),
    ("Share stabilized without ED", "Responses stabilized without ED divided by all "
                                    "face-to-face responses of the period."),
    ("Without arrest", "Responses whose outcome was anything but arrest."),
    ("Share without arrest", "Responses without arrest divided by all face-to-face responses "
                             "of the period."),
    ("Calls with law enforcement on scene", "Calls received in the period where officers were on "
                                            "scene with the team, counted once per call however "
                                            "many dispatches it had."),
    ("With CIT-trained officers", "Of those, calls where the officers were CIT-trained."),
    ("Calls by risk to others", "Calls screened with the Brøset Violence Checklist and the "
                                "violence questions, by level."),
]

Every = Callable[..., list[str]]


def scene_orders(s: SceneTallies, every: Every) -> dict[str, tuple[Mapping[str, int], list[str],
                                                                   Mapping[str, str]]]:
    """The section's breakdowns, every category listed (a zero is a zero)."""
    return {
        "scene.outcome": (s.by_outcome, every([v.value for v in SceneOutcome], s.by_outcome,
                                              unknown=False), {"unknown": "Not recorded"}),
        "scene.le_requested": (s.le_requested_by, every([v.value for v in RequestedBy],
                                                        s.le_requested_by), {}),
        "scene.others": (s.by_others_level, every([v.value for v in RiskLevel],
                                                  s.by_others_level, unknown=False), {}),
    }


def register_scene(sup: Suppressor, s: SceneTallies) -> list[tuple[str, str]]:
    """The counts beyond the breakdowns, with their identities; returns the published shares."""
    sup.add("scene.without_arrest", s.without_arrest)
    sup.line("scene.responses", ("scene.without_arrest", ARRESTED))
    sup.part_and_rest("scene.le_cit", s.le_cit_calls, "scene.le_calls")
    return [(STABILIZED, "scene.responses"), ("scene.without_arrest", "scene.responses")]


def scene_section(b) -> Section:
    """``b`` is reports.compute._Builder, after it decided every cell."""
    return Section(key="scene", title="On scene", figures=[
        b.cell("scene.responses", "Face-to-face responses"),
        b.figure("scene.without_ed", "Stabilized without ED", b.cells[STABILIZED]),
        b.share("scene.without_ed_share", "Share stabilized without ED", STABILIZED,
                "scene.responses"),
        b.cell("scene.without_arrest", "Without arrest"),
        b.share("scene.without_arrest_share", "Share without arrest", "scene.without_arrest",
                "scene.responses"),
        b.cell("scene.le_calls", "Calls with law enforcement on scene"),
        b.cell("scene.le_cit", "With CIT-trained officers"),
    ], tables=[
        b.table("scene.outcome", "Face-to-face responses by on-scene outcome"),
        b.table("scene.le_requested", "Calls with law enforcement on scene by requester"),
        b.table("scene.others", "Calls by risk to others"),
    ])
