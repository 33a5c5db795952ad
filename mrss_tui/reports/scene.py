"""The report's "On scene" section: how face-to-face responses ended (the programs' aims,
"stabilized without ED", "without ED" and "without arrest"), law enforcement per call, and risk
to others.

Its counts join the report's one suppressor (reports/compute.py ``_Builder``) with every
identity that holds between them, so a hidden outcome cannot be worked out from a shown total.
The outcomes add up to the one "Face-to-face responses" cell of "Care after the response" (one
fact, one cell: it is not printed twice), a response without a recorded outcome counted as "Not
recorded": face-to-face = the sum of outcomes = without arrest + arrests + not recorded = without
ED + transports + holds + not recorded; calls with officers on scene = the sum by requester = with
CIT officers + the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from mrss_tui.domain.assessment import WITH_ED, RequestedBy, SceneOutcome
from mrss_tui.domain.enums import RiskLevel
from mrss_tui.domain.scene_tallies import SceneTallies
from mrss_tui.domain.suppression import Suppressor
from mrss_tui.reports.model import Section

STABILIZED = f"scene.outcome.{SceneOutcome.STABILIZED_IN_PLACE.value}"
ARRESTED = f"scene.outcome.{SceneOutcome.ARREST.value}"
NOT_RECORDED = "unknown"
FACE_TO_FACE = "care.face_to_face"  # the one cell, printed under "Care after the response"
OWN_TOTAL = "scene.responses"  # only where more outcomes than responses were recorded
# Each breakdown and the total its rows add up to (registered by the builder from the rows).
SCENE_TOTALS = {"scene.outcome": FACE_TO_FACE, "scene.le_requested": "scene.le_calls",
                "scene.others": "scene.others_screened"}

DEFINITIONS: list[tuple[str, str]] = [
    ("Face-to-face responses by on-scene outcome", "How each face-to-face response of the "
                                                   "period (Care after the response) ended; "
                                                   "'Not recorded' where no outcome was "
                                                   "recorded; the rows add up to it."),
    ("Stabilized without ED", "Responses whose outcome was 'stabilized in place': no emergency "
                              "department, crisis center, hold or arrest."),
    ("Share stabilized without ED", "Responses stabilized without ED divided by all "
                                    "face-to-face responses of the period."),
    ("Without ED", "Responses whose recorded outcome was neither a transport to an emergency "
                   "department or crisis center nor an involuntary hold."),
    ("Share without ED", "Responses without ED divided by all face-to-face responses."),
    ("Without arrest", "Responses whose recorded outcome was anything but arrest."),
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


def outcome_total(s: SceneTallies, face_to_face: int) -> str:
    """The cell the outcomes add up to: the face-to-face responses, unless a period holds more
    recorded outcomes than responses (several contacts of one response each with one)."""
    return FACE_TO_FACE if s.responses <= face_to_face else OWN_TOTAL


def outcome_counts(s: SceneTallies, face_to_face: int) -> dict[str, int]:
    if outcome_total(s, face_to_face) == OWN_TOTAL:
        return dict(s.by_outcome)
    return {**s.by_outcome, NOT_RECORDED: face_to_face - s.responses}


def scene_orders(s: SceneTallies, face_to_face: int, every: Every) -> dict[
        str, tuple[Mapping[str, int], list[str], Mapping[str, str]]]:
    """The section's breakdowns, every category listed (a zero is a zero)."""
    outcomes = outcome_counts(s, face_to_face)
    return {
        "scene.outcome": (outcomes, every([v.value for v in SceneOutcome], outcomes,
                                          unknown=NOT_RECORDED in outcomes),
                          {NOT_RECORDED: "Not recorded"}),
        "scene.le_requested": (s.le_requested_by, every([v.value for v in RequestedBy],
                                                        s.le_requested_by), {}),
        "scene.others": (s.by_others_level, every([v.value for v in RiskLevel],
                                                  s.by_others_level, unknown=False), {}),
    }


def register_scene(sup: Suppressor, s: SceneTallies, total: str) -> list[tuple[str, str]]:
    """The counts beyond the breakdowns, with their identities; returns the published shares.
    ``total``: the cell the outcomes add up to (``outcome_total``)."""
    rest = (f"scene.outcome.{NOT_RECORDED}",) if total == FACE_TO_FACE else ()
    with_ed = tuple(f"scene.outcome.{o.value}" for o in SceneOutcome if o in WITH_ED)
    sup.add("scene.without_arrest", s.without_arrest)
    sup.line(total, ("scene.without_arrest", ARRESTED, *rest))
    sup.add("scene.no_ed", s.responses - sum(s.by_outcome.get(o.value, 0) for o in WITH_ED))
    sup.line(total, ("scene.no_ed", *with_ed, *rest))
    sup.part_and_rest("scene.le_cit", s.le_cit_calls, "scene.le_calls")
    return [(STABILIZED, total), ("scene.no_ed", total), ("scene.without_arrest", total)]


def scene_section(b) -> Section:
    """``b`` is reports.compute._Builder, after it decided every cell."""
    total = b.scene_total
    own = [b.cell(OWN_TOTAL, "Responses with an on-scene outcome")] if total == OWN_TOTAL else []
    return Section(key="scene", title="On scene", figures=[
        *own,
        b.figure("scene.without_ed", "Stabilized without ED", b.cells[STABILIZED]),
        b.share("scene.without_ed_share", "Share stabilized without ED", STABILIZED, total),
        b.cell("scene.no_ed", "Without ED"),
        b.share("scene.no_ed_share", "Share without ED", "scene.no_ed", total),
        b.cell("scene.without_arrest", "Without arrest"),
        b.share("scene.without_arrest_share", "Share without arrest", "scene.without_arrest",
                total),
        b.cell("scene.le_calls", "Calls with law enforcement on scene"),
        b.cell("scene.le_cit", "With CIT-trained officers"),
    ], tables=[
        b.table("scene.outcome", "Face-to-face responses by on-scene outcome"),
        b.table("scene.le_requested", "Calls with law enforcement on scene by requester"),
        b.table("scene.others", "Calls by risk to others"),
    ])
