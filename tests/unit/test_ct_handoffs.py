"""ct-emps hand-offs: an out-of-area call counts under its town's county, and a high-risk adult
handed to the state's adult service (DMHAS) stays in sight with a "did they take it?" check
that the follow-up machinery turns into an alert when nobody checks."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mrss_tui.config import build_config
from mrss_tui.config_fields import replace
from mrss_tui.domain.enums import AlertKind, Role
from mrss_tui.domain.episodes import HANDOFF_CHECK_KIND
from mrss_tui.workflow.episode_alerts import scan_overdue_followups
from mrss_tui.workflow.intake import IntakeForm, record_call
from mrss_tui.workflow.intake_program import age_outside_served
from tests.conftest import T0

DMHAS = "DMHAS adult mobile crisis (local mental health authority)"
HIGH = {"q1": True, "q2": True, "q3": True, "q4": True, "q5": False}
LOW = {"q1": True, "q2": False, "q6": False}


@pytest.fixture
def coord(make_session):
    return make_session(Role.COORDINATOR, login="ct_coord", cfg=build_config({"profile": "ct-emps"}))


def _transfer(coord, town: str, provider: str, age: str = "15", cssrs=None, acuity=None):
    return record_call(coord, IntakeForm(
        received_at="2026-11-20T21:20:00Z", line="211", town=town, born_or_age=age,
        cssrs=cssrs or LOW, triage="out_of_area", transferred_to=provider, acuity=acuity))


def _county_figures(store, cfg):
    from mrss_tui.domain.report_week import IsoWeek
    from mrss_tui.reports.compute import compute_report

    unsuppressed = replace(cfg, report=replace(cfg.report, suppression_threshold=0))
    report = compute_report(store, unsuppressed, IsoWeek.parse("2026-W47"), T0)
    table = next(t for s in report.sections for t in s.tables if t.key == "calls.county")
    return {f.label: f.shown for f in table.figures}


@pytest.mark.parametrize(("town", "provider", "county"), [
    ("Hartford", "Hartford region", "Hartford"),  # a town the profile knows
    ("new  haven", "New Haven region", "New Haven"),  # as typed on a live call
    ("Seymour, New Haven County", "New Haven region", "New Haven"),  # 'Town, County'
    ("Somewhere", "Fairfield region", "Fairfield"),  # the provider serves one county
])
def test_an_out_of_area_call_counts_under_its_towns_county(coord, town, provider, county):
    call = _transfer(coord, town, provider).call
    assert call.county == county


def test_the_report_lists_out_of_area_calls_under_their_county(coord, store):
    _transfer(coord, "Hartford", "Hartford region")
    _transfer(coord, "Danbury", "Fairfield region")
    figures = _county_figures(store, coord.config)
    assert figures.get("Hartford") == "1" and figures.get("Fairfield") == "1"
    assert figures.get("Not recorded", "0") == "0"


def test_the_age_warning_names_the_adult_service(coord):
    warning = age_outside_served(coord.config, 34)
    assert DMHAS in warning and "triage o" in warning
    assert DMHAS not in age_outside_served(build_config({"profile": "oregon-mrss"}), 34)


def test_a_high_risk_adult_handed_to_dmhas_gets_a_did_they_take_it_check(coord, clock):
    result = _transfer(coord, "Torrington", "DMHAS", age="34", cssrs=HIGH)
    assert result.call.transferred_to == DMHAS
    episode = result.episode
    assert episode is not None and episode.phase.value == "crisis"
    assert any("did they take it?" in w for w in result.warnings)
    assert any(DMHAS in w for w in result.warnings)  # the age warning names it
    [check] = coord.store.followups.pending_for_episode(episode.id)
    assert check.kind == HANDOFF_CHECK_KIND and DMHAS in check.note and "2-1-1" in check.note
    assert check.due_at == T0 + timedelta(minutes=coord.config.program.handoff_check_minutes)
    assert coord.store.scalar("SELECT count(*) FROM dispatches WHERE call_id = ?",
                              (result.call.id,)) == 0  # no team: the adult service goes
    system = coord.as_system()
    clock.set(check.due_at + timedelta(seconds=1))
    assert scan_overdue_followups(system) == 1
    alert = coord.store.alerts.open(clock.now())[0]
    assert alert.kind is AlertKind.FOLLOWUP_OVERDUE and episode.ref in alert.message


def test_the_check_outlives_an_early_close(coord):
    from mrss_tui.workflow.episodes import change_phase

    episode = _transfer(coord, "Torrington", "DMHAS", age="34", acuity="emergent").episode
    change_phase(coord, episode.id, {"to": "closed", "disposition": "other"},
                 expected_version=episode.version)
    kinds = [f.kind for f in coord.store.followups.pending_for_episode(episode.id)]
    assert kinds == [HANDOFF_CHECK_KIND]


def test_low_risk_or_another_provider_books_nothing(coord):
    assert _transfer(coord, "Torrington", "DMHAS", age="34").episode is None
    assert _transfer(coord, "Hartford", "Hartford region", cssrs=HIGH).episode is None
