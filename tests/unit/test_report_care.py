"""The figures issue 13 adds: who called, persons served, repeat episodes, safety plan and
follow-up within 24 hours of the face-to-face response, contacts and minutes by mode."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mrss_tui.clock import FrozenClock
from mrss_tui.config import build_config
from mrss_tui.domain.enums import AgeBand, ContactMode, Line, RiskLevel, Role, Service, Triage
from mrss_tui.domain.episodes import ContactForm, SafetyPlanForm
from mrss_tui.domain.report_week import IsoWeek
from mrss_tui.reports.caller_groups import caller_group
from mrss_tui.reports.compute import compute_report
from mrss_tui.store.db import Store
from tests.conftest import T0
from tests.report_data import ACTOR, END, START, WEEK, WeekBuilder, utc


@pytest.mark.parametrize(("relation", "group"), [
    ("Mother", "family"), ("foster parent", "family"), ("school counselor", "school"),
    ("School nurse", "school"), ("ER doctor", "medical"), ("sheriff's deputy", "police"),
    ("self", "self"), ("case worker", "other"), ("", "unknown"), ("unknown", "unknown")])
def test_caller_groups(relation: str, group: str) -> None:
    assert caller_group(relation) == group


def build(store: Store, clock: FrozenClock) -> None:
    b = WeekBuilder(store, clock)
    staff = store.staff.create("system", login="clin", name="Test Clinician",
                               role=Role.CLINICIAN, credentials="LCSW",
                               paging_url="json://127.0.0.1:9/never")
    kid = store.persons.create(ACTOR, name="Fictional Kid").id
    other = store.persons.create(ACTOR, name="Other Kid").id
    for name, when, relation, person in [
            ("old", START - timedelta(days=20), "parent", kid),  # 20 days before: a repeat
            ("a", utc(10, 27, 9), "Mother", kid), ("b", utc(10, 28, 9), "teacher", other),
            ("c", utc(10, 29, 9), "police", None), ("d", utc(10, 30, 9), "", None)]:
        b.call(name, when, line=Line.L988, band=AgeBand.YOUTH, county="Harney",
               triage=Triage.MOBILE_DISPATCH, risk=RiskLevel.HIGH, caller_relation=relation,
               person_id=person)
    def episode(name: str, call: str) -> int:
        record = store.calls.get(b.built.calls[call])
        b.at(record.received_at)
        opened = store.episodes.open(ACTOR, call_id=record.id, person_id=record.person_id,
                                     at=record.received_at)
        b.built.episodes[name] = opened.id
        return opened.id

    episode("e_old", "old")
    for name, call in (("e_a", "a"), ("e_b", "b")):
        episode_id = episode(name, call)
        store.episodes.record_face_to_face(ACTOR, episode_id,
                                           b.at(store.episodes.get(episode_id).opened_at
                                                + timedelta(hours=1)))
    f2f = store.episodes.get(b.built.episodes["e_a"]).face_to_face_at
    b.at(f2f + timedelta(hours=24))  # exactly 24 h: within
    store.safety_plans.save(ACTOR, b.built.episodes["e_a"], SafetyPlanForm(warning_signs="x"))
    b.at(store.episodes.get(b.built.episodes["e_b"]).face_to_face_at + timedelta(hours=25))
    store.safety_plans.save(ACTOR, b.built.episodes["e_b"], SafetyPlanForm(warning_signs="x"))
    b.followup("e_a", f2f + timedelta(hours=20), "first_contact", done=f2f + timedelta(hours=23))
    for at, mode, minutes in [(utc(10, 27, 11), ContactMode.FACE_TO_FACE, 90),
                              (utc(10, 28, 11), ContactMode.PHONE, 15),
                              (END, ContactMode.PHONE, 30)]:  # the next week
        store.contacts.add(ACTOR, b.built.episodes["e_a"], ContactForm(
            at=at, mode=mode, staff_id=staff.id, services=[Service.ASSESSMENT], minutes=minutes),
            None)


def test_care_figures_without_suppression(store: Store, clock: FrozenClock) -> None:
    build(store, clock)
    report = compute_report(store, build_config({"report": {"suppression_threshold": 0}}),
                            IsoWeek.parse(WEEK), T0)
    f = {figure.key: figure.shown for _s, _n, figure in report.rows()}
    assert (f["calls.total"], f["calls.persons"]) == ("4", "2")
    assert [f[f"calls.caller.{g}"] for g in ("family", "school", "police", "self", "other",
                                             "unknown")] == ["1", "1", "1", "0", "0", "1"]
    assert (f["episodes.opened"], f["episodes.repeat_30"], f["episodes.repeat_90"]) == ("2", "1",
                                                                                        "1")
    assert (f["care.face_to_face"], f["care.safety_plan_24h"], f["care.followup_24h"]) == (
        "2", "1", "1")
    assert f["care.safety_plan_24h_share"] == "50%"
    assert (f["contacts.total"], f["contacts.mode.face_to_face"], f["contacts.mode.phone"]) == (
        "2", "1", "1")
    assert (f["contacts.minutes"], f["contacts.minutes.phone"]) == ("105 min", "15 min")


def test_care_figures_are_suppressed_like_the_rest(store: Store, clock: FrozenClock) -> None:
    build(store, clock)
    report = compute_report(store, build_config({}), IsoWeek.parse(WEEK), T0)
    f = {figure.key: figure for _s, _n, figure in report.rows()}
    for key in ("calls.persons", "care.face_to_face", "episodes.repeat_30", "contacts.total"):
        assert f[key].shown == "1-10" and f[key].reason == "small"
    assert f["contacts.minutes"].shown == "suppressed"
    assert f["care.safety_plan_24h_share"].shown == "suppressed"


def test_ct_emps_benchmarks_are_met_or_not(store: Store, clock: FrozenClock) -> None:
    from mrss_tui.domain.suppression import Cell
    from mrss_tui.reports.benchmarks import benchmark_section
    from mrss_tui.reports.model import Figure

    def share(key: str, value: float | None) -> Figure:
        return Figure(key=key, label=key, shown="suppressed" if value is None else
                      f"{round(value * 100)}%", value=value, suppressed=value is None,
                      kind="share")

    cells = {"calls.total": Cell(value=150, shown="150"),
             "response.arrivals": Cell(value=77, shown="77")}
    section = benchmark_section("ct-emps", 45, {
        "response.calls_share": share("response.calls_share", 0.90),  # exactly: met
        "response.within_target_share": share("response.within_target_share", 0.792)}, cells)
    assert [(f.label, f.shown) for f in section.figures] == [
        ("Mobile response, aim 90%", "90% of 150 met"),
        ("Within 45 min, aim 80%", "79% of 77 not met")]
    hidden = benchmark_section("ct-emps", 45, {
        "response.calls_share": share("response.calls_share", None),
        "response.within_target_share": share("response.within_target_share", None)}, cells)
    assert {f.shown for f in hidden.figures} == {"suppressed"}
    # A week whose own share is hidden reads the rolling 13 weeks instead.
    weekly = benchmark_section("ct-emps", 45, {
        "response.calls_share": share("response.calls_share", 0.5),
        "response.within_target_share": share("response.within_target_share", None),
        "response.within_target_13w": Figure(key="response.within_target_13w", label="x",
                                             shown="85%", value=0.85, suppressed=False,
                                             reason="rounded", kind="share")}, cells,
        weekly=True)
    assert weekly.figures[1].label == "Within 45 min, 13 weeks, aim 80%"
    assert weekly.figures[1].shown == "85% met"
