"""The on-scene outcome is the response's (the episode's): the first face-to-face contact after
the team's "Arrived" still owes it (and, on an okc-crt paramedic team, the medical screen); one
outcome per episode, a second one replaces it (audited); the report's face-to-face figures agree
in every section."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from mrss_tui.config import build_config
from mrss_tui.config_fields import replace
from mrss_tui.domain.enums import DispatchStatus, Role
from mrss_tui.errors import ValidationFailed
from mrss_tui.workflow.episodes import change_phase, episode_detail, log_contact
from mrss_tui.workflow.paging import page_team, set_team_status
from tests.conftest import T0
from tests.episode_helpers import open_episode

VITALS = {"heart_rate": 96, "systolic": 128, "diastolic": 82, "spo2": 97,
          "medically_cleared": True, "transport_needed": False}


@pytest.fixture
def okc(make_session):
    cfg = build_config({"profile": "okc-crt"})
    coord = make_session(Role.COORDINATOR, login="okc_coord", cfg=cfg)
    medic = make_session(Role.PARAMEDIC, login="okc_medic", cfg=cfg)
    navigator = make_session(Role.NAVIGATOR, login="okc_nav", cfg=cfg)
    return coord, medic, navigator


def _arrived(coord, medic, navigator, received):
    """An okc episode whose team was paged and marked "Arrived" (the usual path on a 911 call)."""
    episode = open_episode(coord, received=received, team=[medic, navigator],
                           town="Moore", region="South")
    dispatch = page_team(coord, call_id=episode.call_id, episode_id=episode.id,
                         staff_ids=[medic.actor.staff_id, navigator.actor.staff_id],
                         confirm_busy=True).dispatch
    set_team_status(medic, dispatch.id, DispatchStatus.ARRIVED)
    assert coord.store.episodes.get(episode.id).face_to_face_at is not None
    return episode


def _response(staff, **extra):
    return {"at": T0, "mode": "face_to_face", "staff_id": staff.actor.staff_id,
            "services": ["de_escalation"], "minutes": 40, **extra}


def _week(store, cfg):
    from mrss_tui.domain.report_week import IsoWeek
    from mrss_tui.reports.compute import compute_report

    unsuppressed = replace(cfg, report=replace(cfg.report, suppression_threshold=0))
    report = compute_report(store, unsuppressed, IsoWeek.parse("2026-W47"), T0)
    figures = {f.key: f.shown for s in report.sections for f in s.figures}
    tables = {t.key: {f.key.rsplit(".", 1)[-1]: f.shown for f in t.figures}
              for s in report.sections for t in s.tables}
    return figures, tables


def test_after_arrived_the_first_contact_needs_the_medical_screen_and_the_outcome(okc):
    coord, medic, navigator = okc
    episode = _arrived(coord, medic, navigator, T0 - timedelta(hours=1))
    detail = episode_detail(medic, episode.id)
    assert detail.awaits_response and detail.needs_medical_screen
    with pytest.raises(ValidationFailed) as exc:
        log_contact(medic, episode.id, _response(medic))
    assert {"medical", "outcome"} <= set(exc.value.problems)
    assert coord.store.contacts.for_episode(episode.id) == []  # nothing half saved
    log_contact(medic, episode.id, _response(medic, medical=VITALS, outcome="stabilized_in_place"))
    after = episode_detail(medic, episode.id)
    assert not after.awaits_response and not after.needs_medical_screen
    log_contact(medic, episode.id, _response(medic))  # a later visit asks for nothing more
    assert coord.store.episodes.get(episode.id).scene_outcome == "stabilized_in_place"


def test_an_arrived_response_stays_in_the_report(okc, store):
    coord, medic, navigator = okc
    episode = _arrived(coord, medic, navigator, T0 - timedelta(hours=1))
    log_contact(medic, episode.id, _response(medic, medical=VITALS, outcome="arrest"))
    figures, tables = _week(store, coord.config)
    assert figures["care.face_to_face"] == "1" and "scene.responses" not in figures  # one cell
    assert tables["scene.outcome"]["arrest"] == "1"


def test_a_second_outcome_replaces_the_first_and_is_audited(okc, store):
    coord, medic, navigator = okc
    episode = _arrived(coord, medic, navigator, T0 - timedelta(hours=1))
    log_contact(medic, episode.id, _response(medic, medical=VITALS,
                                             outcome="stabilized_in_place"))
    second = log_contact(navigator, episode.id, _response(
        navigator, outcome="voluntary_transport"))
    saved = store.episodes.get(episode.id)
    assert saved.scene_outcome == "voluntary_transport"
    assert saved.scene_outcome_contact_id == second.id
    rows = store.all("SELECT actor, detail FROM audit "
                     "WHERE action = 'episode.scene_outcome_replaced'")
    assert len(rows) == 1 and rows[0]["actor"] == "okc_nav"
    detail = json.loads(rows[0]["detail"])
    assert detail["before"]["scene_outcome"] == "stabilized_in_place"
    assert detail["after"]["scene_outcome"] == "voluntary_transport"
    texts = [e.text for e in episode_detail(coord, episode.id).timeline if e.kind == "contact"]
    assert sum("outcome:" in t for t in texts) == 1  # shown once, on the contact that set it
    figures, tables = _week(store, coord.config)
    assert figures["care.face_to_face"] == "1"
    assert tables["scene.outcome"]["voluntary_transport"] == "1"
    assert tables["scene.outcome"]["stabilized_in_place"] == "0"


def test_the_report_counts_each_response_once_in_every_section(okc, store):
    """Built through the workflow: arrivals, contacts, a corrected outcome, a reopened
    episode, an unsuccessful visit and a response whose outcome predates v0015 (none)."""
    coord, medic, navigator = okc
    outcomes = ["stabilized_in_place", "arrest", "voluntary_transport", "stabilized_in_place"]
    episodes = []
    for n, outcome in enumerate(outcomes):
        episode = _arrived(coord, medic, navigator, T0 - timedelta(hours=3, minutes=n))
        log_contact(medic, episode.id, _response(medic, at=T0 - timedelta(hours=2, minutes=n),
                                                 medical=VITALS, outcome=outcome))
        episodes.append(episode)
    # A correction, then a close and a reopen with a new response: still one episode.
    log_contact(medic, episodes[1].id, _response(medic, at=T0 - timedelta(hours=1),
                                                 outcome="refused_not_found"))
    current = store.episodes.get(episodes[0].id)
    change_phase(coord, episodes[0].id, {"to": "closed", "disposition": "home_community"},
                 expected_version=current.version)
    current = store.episodes.get(episodes[0].id)
    change_phase(coord, episodes[0].id, {"to": "crisis", "reason": "called back tonight"},
                 expected_version=current.version)
    assert episode_detail(coord, episodes[0].id).awaits_response
    log_contact(medic, episodes[0].id, _response(medic, medical=VITALS,
                                                 outcome="stabilized_in_place"))
    # Unsuccessful: not a response, no outcome asked.
    log_contact(medic, episodes[2].id, _response(medic, successful=False))
    figures, tables = _week(store, coord.config)
    assert figures["care.face_to_face"] == "4"
    outcome_rows = tables["scene.outcome"]
    assert sum(int(v) for v in outcome_rows.values()) == 4
    assert outcome_rows["arrest"] == "0" and outcome_rows["refused_not_found"] == "1"
    assert int(figures["scene.without_arrest"]) == 4


def test_a_response_without_outcome_is_counted_as_not_recorded(okc, store):
    coord, medic, navigator = okc
    _arrived(coord, medic, navigator, T0 - timedelta(hours=1))  # arrived, nothing logged yet
    figures, tables = _week(store, coord.config)
    assert figures["care.face_to_face"] == "1"
    assert tables["scene.outcome"]["unknown"] == "1"


def test_each_programs_appendix_defines_its_own_benchmarks(okc, store, make_session):
    coord, _medic, _navigator = okc
    from mrss_tui.domain.report_week import IsoWeek
    from mrss_tui.reports.compute import compute_report

    def sentence(cfg) -> str:
        report = compute_report(store, cfg, IsoWeek.parse("2026-W47"), T0)
        return next(d.sentence for d in report.definitions if d.name == "Program benchmarks")

    okc_text = sentence(coord.config)
    assert "Connecticut" not in okc_text and "45 min" not in okc_text
    assert "Stabilized in place" in okc_text and "Without arrest" in okc_text
    ct_text = sentence(build_config({"profile": "ct-emps"}))
    assert "Within 45 min (aim: at least 80%)" in ct_text
